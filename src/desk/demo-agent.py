#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo agent of build-aux/demo: a script that plays a support agent, and says so.

It logs in (plain c2s on loopback), stays available, accepts the desk's
subscription, joins each room the desk invites it to, answers the customer a
few times and then ends the chat with /resolve, sent to the desk privately.
Not installed; not for production: real agents use any XMPP client.

  /usr/bin/python3 demo-agent.py --port 5222 --jid demo@localhost --password PW
"""

import argparse
import asyncio
import logging
import xml.etree.ElementTree as ET

logging.basicConfig(level=logging.ERROR)

import slixmpp  # noqa: E402

NS_CONFERENCE = "jabber:x:conference"
NS_MUC = "http://jabber.org/protocol/muc"
NICK = "Demo agent"
GOODBYES = ("bye", "thank", "danke", "tschüss", "merci", "grazie", "gracias", "adiós", "ciao")
REPLIES = 3  # then the demo ends the chat by itself

GREETING = ("Hello! I am the demo agent of Device Care — a script, not a person. In a real "
            "support desk a person would take over here. Write anything and I will answer; "
            "write “bye” when you are done, and I will end the chat so you can rate it.")


class DemoAgent(slixmpp.ClientXMPP):
    def __init__(self, args):
        super().__init__(args.jid, args.password)
        self.address = ("127.0.0.1", args.port)
        self.rooms = {}  # room → {"desk": nick or None, "replies": n, "done": bool}
        self.register_plugin("xep_0045")
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("message", self.on_message)
        self.add_event_handler("groupchat_message", self.on_groupchat)
        self.add_event_handler("presence", self.on_presence)

    async def get_dns_records(self, domain, port=None):
        return [(self.address[0], self.address[0], self.address[1])]

    async def on_start(self, _event):
        self.send_presence(pstatus="Demo agent (a script, not a person)")
        await self.get_roster()

    def join(self, room):
        if room in self.rooms:
            return
        self.rooms[room] = {"desk": None, "replies": 0, "done": False}
        presence = self.make_presence(pto="%s/%s" % (room, NICK))
        muc = ET.SubElement(presence.xml, "{%s}x" % NS_MUC)
        ET.SubElement(muc, "{%s}history" % NS_MUC, {"maxstanzas": "0"})
        presence.send()

    def on_presence(self, presence):
        room = presence["from"].bare
        if room in self.rooms and presence["from"].resource == NICK \
                and presence["type"] != "unavailable" and not self.rooms[room].get("greeted"):
            self.rooms[room]["greeted"] = True
            self.say(room, GREETING)

    def on_message(self, msg):
        invite = msg.xml.find("{%s}x" % NS_CONFERENCE)
        if invite is not None and invite.get("jid"):
            self.join(invite.get("jid"))
            return
        room = msg["from"].bare
        if msg["type"] == "chat" and room in self.rooms:
            # The desk's private messages: the facts, and its answers to our commands.
            self.rooms[room]["desk"] = msg["from"].resource

    def on_groupchat(self, msg):
        room = msg["from"].bare
        state = self.rooms.get(room)
        nick = msg["from"].resource
        body = (msg["body"] or "").strip()
        if state is None or state["done"] or nick in (NICK, state["desk"]) or not body \
                or msg.xml.find("{urn:xmpp:delay}delay") is not None:
            return
        if nick != "customer":
            return
        state["replies"] += 1
        if any(word in body.lower() for word in GOODBYES) or state["replies"] > REPLIES:
            self.finish(room, state)
            return
        self.say(room, "(demo) You wrote: “%s”. A person would now look into it with you. "
                       "Write “bye” to finish." % body)

    def finish(self, room, state):
        state["done"] = True
        self.say(room, "Thank you for trying the demo! I am ending the chat now.")
        desk = state["desk"] or "Support"
        self.send_message(mto="%s/%s" % (room, desk), mbody="/resolve", mtype="chat")
        self.loop.call_later(2, self.leave, room)

    def leave(self, room):
        self.send_presence(pto="%s/%s" % (room, NICK), ptype="unavailable")
        self.rooms.pop(room, None)

    def say(self, room, text):
        self.send_message(mto=room, mbody=text, mtype="groupchat")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--jid", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    agent = DemoAgent(args)
    agent.connect(agent.address, use_ssl=False, force_starttls=False, disable_starttls=True)
    loop.run_forever()


if __name__ == "__main__":
    main()
