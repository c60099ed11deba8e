#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted XMPP peer for the integration tests (slixmpp 1.8, Debian 12).

It logs in over plain c2s on loopback and speaks JSON lines: commands on stdin,
events on stdout, one object per line.  The tests play the desk, an agent or a
customer with it, so it reports what it sees as raw facts (ids, forms, invites)
rather than interpreting them.

Commands (stdin):
  {"cmd":"join","room":R,"nick":N,"history":n?}     {"cmd":"leave","room":R}
  {"cmd":"create_room","room":R,"nick":N,"config":{var:value}?}
      joins, submits the room configuration (empty = instant room), then "joined"
  {"cmd":"send","to":J,"body":B,"type":"chat"|"groupchat","id":I?,"origin_id":O?}
      origin-id defaults to the id; answered by "sent" with both
  {"cmd":"form","to":J,"type":…,"form_type":"form"?,"title":…,"instructions":…,
   "fields":[{"var","type","label","required","value","options":[{"label","value"}]}],
   "body":B?,"store":bool?}   (Prosody archives a body-less message only with "store")
  {"cmd":"invite","room":R,"jid":J,"reason":…,"mediated":bool?}  (XEP-0249 by default)
  {"cmd":"presence","show":…?,"status":…?,"to":J?}
  {"cmd":"chatstate","to":J,"type":…,"state":"composing"|…}
  {"cmd":"displayed","to":J,"type":…,"id":I}
  {"cmd":"mam","to":J?,"max":n?}   answered by "archive" with "messages"
  {"cmd":"quit"}                   (end of stdin quits too)
Events (stdout): online, invite, joined, message, form, chatstate, displayed,
presence, message_error, sent, archive, disconnected (the peer then exits 3;
it does not reconnect), error (login failure: the peer then exits 1).
"""

import argparse
import asyncio
import json
import logging
import os
import sys
import uuid
import xml.etree.ElementTree as ET

# Before slixmpp's import, which warns about its pure-Python stringprep in every test's output.
# DC_PEER_LOG=DEBUG shows the XML streams on stderr.
logging.basicConfig(level=os.environ.get("DC_PEER_LOG", "ERROR"),
                    format="%(asctime)s xmpp-peer %(levelname)s %(name)s: %(message)s")

import slixmpp  # noqa: E402
from slixmpp.exceptions import IqError, IqTimeout  # noqa: E402
from slixmpp.xmlstream.handler import Callback  # noqa: E402
from slixmpp.xmlstream.matcher import MatchXPath  # noqa: E402

NS_CLIENT = "jabber:client"
NS_MUC = "http://jabber.org/protocol/muc"
NS_MUC_USER = NS_MUC + "#user"
NS_MUC_OWNER = NS_MUC + "#owner"
NS_ROOMCONFIG = NS_MUC + "#roomconfig"
NS_DATA = "jabber:x:data"
NS_CONFERENCE = "jabber:x:conference"
NS_SID = "urn:xmpp:sid:0"
NS_DELAY = "urn:xmpp:delay"
NS_CHATSTATES = "http://jabber.org/protocol/chatstates"
NS_MARKERS = "urn:xmpp:chat-markers:0"
NS_MAM = "urn:xmpp:mam:2"
NS_FORWARD = "urn:xmpp:forward:0"
NS_RSM = "http://jabber.org/protocol/rsm"
NS_HINTS = "urn:xmpp:hints"
NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"


def q(ns, name):
    return "{%s}%s" % (ns, name)


class Output:
    """The protocol channel: a private copy of fd 1.

    Libraries print to stdout (slixmpp 1.8.3's join_muc_wait prints each
    history delay), so fd 1 is pointed at stderr and only this object writes
    to the test's pipe."""

    def __init__(self):
        self._file = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def emit(self, event, /, **fields):
        fields = {"event": event, **fields}
        self._file.write(json.dumps(fields, ensure_ascii=False) + "\n")
        self._file.flush()


def guarded(handler):
    """Reports a handler's exception as an error event.

    Uncaught, slixmpp answers the stanza with an error, and an error presence
    to a room makes the room drop us: the test would then fail far away."""

    def run(peer, stanza):
        try:
            handler(peer, stanza)
        except Exception as e:  # noqa: BLE001 -- reported, not hidden
            peer.out.emit("error", message="handling %s failed: %r" % (stanza.name, e))

    return run


def child(element, ns, name):
    return element.find(q(ns, name))


def text_of(element, ns, name):
    found = child(element, ns, name)
    return found.text if found is not None else None


def parse_form(x):
    """Fields of a jabber:x:data form as {var: [values]}."""
    fields = {}
    for field in x.findall(q(NS_DATA, "field")):
        var = field.get("var")
        if var is None:
            continue
        fields[var] = [v.text or "" for v in field.findall(q(NS_DATA, "value"))]
    return fields


def build_form(form_type, title=None, instructions=None, fields=()):
    x = ET.Element(q(NS_DATA, "x"), {"type": form_type})
    if title:
        ET.SubElement(x, q(NS_DATA, "title")).text = title
    if instructions:
        ET.SubElement(x, q(NS_DATA, "instructions")).text = instructions
    for spec in fields:
        attrs = {k: str(spec[k]) for k in ("var", "type", "label") if spec.get(k) is not None}
        field = ET.SubElement(x, q(NS_DATA, "field"), attrs)
        if spec.get("required"):
            ET.SubElement(field, q(NS_DATA, "required"))
        values = spec.get("value")
        if values is not None:
            for value in values if isinstance(values, list) else [values]:
                ET.SubElement(field, q(NS_DATA, "value")).text = str(value)
        for option in spec.get("options", ()):
            opt = ET.SubElement(field, q(NS_DATA, "option"), {"label": str(option.get("label", ""))})
            ET.SubElement(opt, q(NS_DATA, "value")).text = str(option.get("value", ""))
    return x


def describe_error(element):
    error = child(element, NS_CLIENT, "error")
    if error is None:
        return None
    for c in error:
        if c.tag.startswith("{%s}" % NS_STANZAS) and not c.tag.endswith("}text"):
            return c.tag.split("}", 1)[1]
    return "unknown"


class Peer(slixmpp.ClientXMPP):
    def __init__(self, args, out):
        super().__init__(args.jid, args.password)
        self.out = out
        self.peer_address = (args.server, args.port)
        self.auto_join = args.auto_join
        self.rooms = {}  # room bare JID -> our nick, from the join request on
        self.creating = {}  # room -> config fields to submit once the room exists
        self.mam_results = {}  # queryid -> list of archived messages
        self.quitting = False
        self.finished = self.loop.create_future()
        self._stdin_buffer = b""

        for plugin in ("xep_0030", "xep_0004", "xep_0045", "xep_0249", "xep_0359", "xep_0085",
                       "xep_0333", "xep_0199"):
            self.register_plugin(plugin)

        # Raw handlers see every stanza, whatever slixmpp's plugins make of it.
        self.register_handler(Callback("peer-message", MatchXPath(q(NS_CLIENT, "message")),
                                       self.on_message))
        self.register_handler(Callback("peer-presence", MatchXPath(q(NS_CLIENT, "presence")),
                                       self.on_presence))
        self.add_event_handler("session_start", self.on_session_start)
        self.add_event_handler("failed_all_auth", self.on_failed_auth)
        self.add_event_handler("connection_failed", self.on_connection_failed)
        self.add_event_handler("disconnected", self.on_disconnected)

    # No DNS: the harness names the server by address, and "localhost" SRV
    # queries would leave the machine.
    async def get_dns_records(self, domain, port=None):
        return [(self.peer_address[0], self.peer_address[0], self.peer_address[1])]

    def start(self):
        self.connect(self.peer_address, use_ssl=False, force_starttls=False, disable_starttls=True)

    def finish(self, code):
        if not self.finished.done():
            self.finished.set_result(code)

    # Session life

    async def on_session_start(self, _event):
        self.send_presence()
        try:
            await self.get_roster(timeout=10)
        except (IqError, IqTimeout) as e:
            self.out.emit("error", message="roster request failed: %s" % e)
        self.out.emit("online", jid=str(self.boundjid.full))
        # Commands only from now on: none of them makes sense before the session.
        self.loop.add_reader(sys.stdin.fileno(), self.on_stdin)

    def on_failed_auth(self, _event):
        self.out.emit("error", message="login failed for %s: wrong password or no such account"
                      % self.boundjid.bare)
        self.quitting = True
        self.finish(1)

    def on_connection_failed(self, error):
        self.out.emit("error", message="cannot connect to %s:%d: %s" % (*self.peer_address, error))
        self.quitting = True
        self.cancel_connection_attempt()
        self.finish(1)

    def on_disconnected(self, reason):
        if self.quitting:
            self.finish(0)
            return
        # No automatic reconnection: a test that restarts the server starts new peers.
        self.out.emit("disconnected", reason=str(reason) if reason else None)
        self.finish(3)

    # Commands

    def on_stdin(self):
        data = os.read(sys.stdin.fileno(), 65536)
        if not data:
            self.loop.remove_reader(sys.stdin.fileno())
            self.cmd_quit({})
            return
        self._stdin_buffer += data
        while b"\n" in self._stdin_buffer:
            line, self._stdin_buffer = self._stdin_buffer.split(b"\n", 1)
            if line.strip():
                self.run_command(line)

    def run_command(self, line):
        try:
            command = json.loads(line)
            handler = getattr(self, "cmd_" + command["cmd"], None)
            if handler is None:
                raise ValueError("unknown command %r" % command["cmd"])
            result = handler(command)
            if asyncio.iscoroutine(result):
                task = self.loop.create_task(result)
                task.add_done_callback(self.report_failure)
        except Exception as e:  # a bad command is the test's bug: say so, keep running
            self.out.emit("error", message="command %s failed: %r" % (line.decode(errors="replace"), e))

    def report_failure(self, task):
        if not task.cancelled() and task.exception() is not None:
            self.out.emit("error", message="command failed: %r" % task.exception())

    def cmd_quit(self, _command):
        self.quitting = True
        if self.is_connected():
            self.disconnect(wait=1.0)
        else:
            self.finish(0)

    def cmd_join(self, command):
        room, nick = command["room"], command["nick"]
        self.rooms[room] = nick
        presence = self.make_presence(pto="%s/%s" % (room, nick))
        muc = ET.SubElement(presence.xml, q(NS_MUC, "x"))
        if "history" in command:
            ET.SubElement(muc, q(NS_MUC, "history"), {"maxstanzas": str(command["history"])})
        presence.send()

    def cmd_create_room(self, command):
        self.creating[command["room"]] = command.get("config", {})
        self.cmd_join(command)

    def cmd_leave(self, command):
        room = command["room"]
        nick = self.rooms.pop(room, None)
        if nick is not None:
            self.send_presence(pto="%s/%s" % (room, nick), ptype="unavailable")

    def new_message(self, command):
        msg = self.make_message(mto=command["to"], mtype=command.get("type", "chat"))
        msg["id"] = command.get("id") or uuid.uuid4().hex
        return msg

    def cmd_send(self, command):
        msg = self.new_message(command)
        msg["body"] = command["body"]
        origin_id = command.get("origin_id") or msg["id"]
        ET.SubElement(msg.xml, q(NS_SID, "origin-id"), {"id": origin_id})
        ET.SubElement(msg.xml, q(NS_MARKERS, "markable"))
        if command.get("xml"):
            # A payload of the desk's own, such as its status element.
            msg.xml.append(ET.fromstring(command["xml"]))
        msg.send()
        self.out.emit("sent", to=command["to"], id=msg["id"], origin_id=origin_id)

    def cmd_form(self, command):
        msg = self.new_message(command)
        if command.get("body"):
            msg["body"] = command["body"]
        msg.xml.append(build_form(command.get("form_type", "form"), command.get("title"),
                                  command.get("instructions"), command.get("fields", ())))
        if command.get("store"):
            # Prosody archives a groupchat message without <body> only with this hint.
            ET.SubElement(msg.xml, q(NS_HINTS, "store"))
        msg.send()
        self.out.emit("sent", to=command["to"], id=msg["id"], origin_id=None)

    def cmd_invite(self, command):
        room, invitee = command["room"], command["jid"]
        if command.get("mediated"):
            msg = self.make_message(mto=room)
            x = ET.SubElement(msg.xml, q(NS_MUC_USER, "x"))
            invite = ET.SubElement(x, q(NS_MUC_USER, "invite"), {"to": invitee})
            if command.get("reason"):
                ET.SubElement(invite, q(NS_MUC_USER, "reason")).text = command["reason"]
        else:
            msg = self.make_message(mto=invitee)
            attrs = {"jid": room}
            if command.get("reason"):
                attrs["reason"] = command["reason"]
            ET.SubElement(msg.xml, q(NS_CONFERENCE, "x"), attrs)
        msg.send()

    def cmd_presence(self, command):
        show = command.get("show")
        self.send_presence(pshow=None if show in (None, "available") else show,
                           pstatus=command.get("status"), pto=command.get("to"))

    def cmd_chatstate(self, command):
        msg = self.new_message(command)
        ET.SubElement(msg.xml, q(NS_CHATSTATES, command["state"]))
        msg.send()

    def cmd_displayed(self, command):
        msg = self.make_message(mto=command["to"], mtype=command.get("type", "chat"))
        ET.SubElement(msg.xml, q(NS_MARKERS, "displayed"), {"id": command["id"]})
        msg.send()

    async def cmd_mam(self, command):
        target = command.get("to")
        queryid = uuid.uuid4().hex
        query = ET.Element(q(NS_MAM, "query"), {"queryid": queryid})
        rsm = ET.SubElement(query, q(NS_RSM, "set"))
        ET.SubElement(rsm, q(NS_RSM, "max")).text = str(command.get("max", 50))
        self.mam_results[queryid] = []
        try:
            result = await self.make_iq_set(query, ito=target).send(timeout=10)
        except IqError as e:
            self.mam_results.pop(queryid, None)
            self.out.emit("error", message="archive query to %s failed: %s"
                          % (target, describe_error(e.iq.xml)))
            return
        fin = child(result.xml, NS_MAM, "fin")
        self.out.emit("archive", **{"from": target,
                                    "complete": fin is not None and fin.get("complete") == "true",
                                    "messages": self.mam_results.pop(queryid, [])})

    # Incoming stanzas

    @guarded
    def on_presence(self, presence):
        x = presence.xml
        frm = presence["from"]
        fields = {"from": str(frm), "type": x.get("type", "available"),
                  "show": text_of(x, NS_CLIENT, "show"), "status": text_of(x, NS_CLIENT, "status")}
        muc = child(x, NS_MUC_USER, "x")
        room = str(frm.bare)
        if muc is not None or room in self.rooms:
            codes = [int(s.get("code")) for s in (muc.findall(q(NS_MUC_USER, "status"))
                                                    if muc is not None else ()) if s.get("code")]
            fields.update(room=room, nick=frm.resource or None, status_codes=codes,
                          self=110 in codes)
            if fields["type"] == "error":
                fields["error"] = describe_error(x)
                self.rooms.pop(room, None)
                self.creating.pop(room, None)
            elif 110 in codes and fields["type"] == "available":
                self.loop.create_task(self.on_self_presence(room, frm.resource, 201 in codes))
        elif fields["type"] == "error":
            fields["error"] = describe_error(x)
        self.out.emit("presence", **fields)

    async def on_self_presence(self, room, nick, created):
        config = self.creating.pop(room, None)
        if config is not None and created:
            # Prosody keeps a new room locked until its owner submits the configuration.
            fields = [{"var": "FORM_TYPE", "type": "hidden", "value": NS_ROOMCONFIG}]
            fields += [{"var": var, "value": value} for var, value in config.items()]
            query = ET.Element(q(NS_MUC_OWNER, "query"))
            query.append(build_form("submit", fields=fields if config else ()))
            try:
                await self.make_iq_set(query, ito=room).send(timeout=10)
            except (IqError, IqTimeout) as e:
                self.out.emit("error", message="configuring room %s failed: %s" % (room, e))
                return
        self.out.emit("joined", room=room, nick=nick, created=created)

    @guarded
    def on_message(self, msg):
        x = msg.xml
        result = child(x, NS_MAM, "result")
        if result is not None and result.get("queryid") in self.mam_results:
            self.collect_archived(result)
            return
        frm = msg["from"]
        mtype = x.get("type", "normal")
        room = nick = None
        if mtype == "groupchat" or str(frm.bare) in self.rooms:
            room, nick = str(frm.bare), frm.resource or None
        common = {"from": str(frm), "room": room, "nick": nick, "type": mtype, "id": x.get("id")}

        if mtype == "error":
            self.out.emit("message_error", condition=describe_error(x), **common)
            return
        if self.report_invite(x, frm):
            return
        if child(x, NS_CLIENT, "body") is not None:
            self.out.emit("message", **common, **self.message_fields(x, room, nick))
        form = child(x, NS_DATA, "x")
        if form is not None:
            self.out.emit("form", form_type=form.get("type"), title=text_of(form, NS_DATA, "title"),
                          instructions=text_of(form, NS_DATA, "instructions"),
                          fields=parse_form(form), **common)
        for state in x:
            if state.tag.startswith("{%s}" % NS_CHATSTATES):
                self.out.emit("chatstate", state=state.tag.split("}", 1)[1], **common)
        displayed = child(x, NS_MARKERS, "displayed")
        if displayed is not None:
            self.out.emit("displayed", **{**common, "id": displayed.get("id")})

    def message_fields(self, x, room, nick):
        origin = child(x, NS_SID, "origin-id")
        stanza_id = child(x, NS_SID, "stanza-id")
        return {"body": text_of(x, NS_CLIENT, "body"),
                "origin_id": origin.get("id") if origin is not None else None,
                "stanza_id": stanza_id.get("id") if stanza_id is not None else None,
                "delayed": child(x, NS_DELAY, "delay") is not None,
                "self": room is not None and nick is not None and self.rooms.get(room) == nick}

    def report_invite(self, x, frm):
        """Reports an invitation; True if the message was one.

        Prosody forwards a mediated invitation (XEP-0045) from the room with a
        direct one (XEP-0249) and a body beside it: one invite event, from the
        inviter as the room names them (Prosody: their occupant JID, room/nick),
        and no message event for the fallback body."""
        muc = child(x, NS_MUC_USER, "x")
        invite = muc.find(q(NS_MUC_USER, "invite")) if muc is not None else None
        if invite is not None:
            self.on_invite(str(frm.bare), invite.get("from"), text_of(invite, NS_MUC_USER, "reason"),
                           "mediated")
            return True
        direct = child(x, NS_CONFERENCE, "x")
        if direct is not None and direct.get("jid"):
            self.on_invite(direct.get("jid"), str(frm.bare), direct.get("reason"), "direct")
            return True
        return False

    def on_invite(self, room, inviter, reason, kind):
        self.out.emit("invite", room=room, **{"from": inviter}, reason=reason, kind=kind)
        if self.auto_join and room not in self.rooms:
            self.cmd_join({"room": room, "nick": self.auto_join})

    def collect_archived(self, result):
        forwarded = child(result, NS_FORWARD, "forwarded")
        archived = child(forwarded, NS_CLIENT, "message") if forwarded is not None else None
        if archived is None:
            return
        frm = slixmpp.JID(archived.get("from", ""))
        delay = child(forwarded, NS_DELAY, "delay")
        origin = child(archived, NS_SID, "origin-id")
        self.mam_results[result.get("queryid")].append({
            "archive_id": result.get("id"), "from": str(frm), "nick": frm.resource or None,
            "type": archived.get("type"), "id": archived.get("id"),
            "body": text_of(archived, NS_CLIENT, "body"),
            "origin_id": origin.get("id") if origin is not None else None,
            "stamp": delay.get("stamp") if delay is not None else None,
            "form": child(archived, NS_DATA, "x") is not None})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--jid", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--auto-join", metavar="NICK",
                        help="join every room we are invited to with this nick")
    args = parser.parse_args()

    out = Output()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    peer = Peer(args, out)
    peer.start()
    code = loop.run_until_complete(peer.finished)
    sys.exit(code)


if __name__ == "__main__":
    main()
