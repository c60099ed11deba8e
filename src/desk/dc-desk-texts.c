/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-desk"

#include <stdarg.h>
#include <string.h>

#include "dc-desk-texts.h"

/* The desk answers each customer in their own language, many at once, in one process. gettext
 * would need the process's locale switched per message and each language's locale generated on
 * the server (a Debian server often has only C.UTF-8), so the desk keeps its few sentences in
 * this table instead, one row per text, one column per language. Placeholders are {name}, not
 * printf formats, so a translation may put them in any order. */

enum
{
  EN,
  DE,
  ES,
  FR,
  IT,
  N_LANGUAGES
};

static const char *const languages[N_LANGUAGES] = { "en", "de", "es", "fr", "it" };

static const char *const texts[DC_DESK_N_TEXTS][N_LANGUAGES] = {
  [DC_DESK_TEXT_GREETING]
  = { "Hello, this is the support desk. Before a person takes over, please tell us a little about "
      "your device and the problem.",
      "Hallo, hier ist der Support. Bevor ein Mitarbeiter übernimmt, erzählen Sie uns bitte kurz "
      "von Ihrem Gerät und dem Problem.",
      "Hola, le atiende el servicio de asistencia. Antes de que le atienda una persona, cuéntenos "
      "un poco sobre su dispositivo y el problema.",
      "Bonjour, ici le service d’assistance. Avant qu’une personne prenne le relais, parlez-nous "
      "un peu de votre appareil et du problème.",
      "Salve, qui è l’assistenza. Prima che una persona prenda in carico la richiesta, ci dica "
      "qualcosa sul suo dispositivo e sul problema." },
  [DC_DESK_TEXT_FORM_TITLE] = { "About your device", "Über Ihr Gerät", "Sobre su dispositivo",
                                "À propos de votre appareil", "Il suo dispositivo" },
  [DC_DESK_TEXT_FORM_INSTRUCTIONS]
  = { "Only what you leave switched on is sent.",
      "Gesendet wird nur, was Sie eingeschaltet lassen.", "Solo se envía lo que deje activado.",
      "Seul ce que vous laissez activé est envoyé.",
      "Viene inviato solo ciò che lascia attivato." },
  [DC_DESK_TEXT_FIELD_SERIAL]
  = { "Serial number", "Seriennummer", "Número de serie", "Numéro de série", "Numero di serie" },
  [DC_DESK_TEXT_FIELD_MODEL] = { "Model", "Modell", "Modelo", "Modèle", "Modello" },
  [DC_DESK_TEXT_FIELD_OS] = { "System", "System", "Sistema", "Système", "Sistema" },
  [DC_DESK_TEXT_FIELD_CATEGORY] = { "Topic", "Thema", "Tema", "Sujet", "Argomento" },
  [DC_DESK_TEXT_FIELD_DESCRIPTION]
  = { "What is the problem?", "Worum geht es?", "¿Cuál es el problema?", "Quel est le problème ?",
      "Qual è il problema?" },
  [DC_DESK_TEXT_CATEGORY_BATTERY] = { "Battery and charging", "Akku und Laden", "Batería y carga",
                                      "Batterie et charge", "Batteria e ricarica" },
  [DC_DESK_TEXT_CATEGORY_DISPLAY] = { "Screen", "Bildschirm", "Pantalla", "Écran", "Schermo" },
  [DC_DESK_TEXT_CATEGORY_NETWORK]
  = { "Calls, mobile data and Wi-Fi", "Anrufe, mobile Daten und WLAN",
      "Llamadas, datos móviles y wifi", "Appels, données mobiles et Wi-Fi",
      "Chiamate, dati mobili e Wi-Fi" },
  [DC_DESK_TEXT_CATEGORY_CAMERA] = { "Camera", "Kamera", "Cámara", "Appareil photo", "Fotocamera" },
  [DC_DESK_TEXT_CATEGORY_SOFTWARE]
  = { "Apps and updates", "Apps und Updates", "Aplicaciones y actualizaciones",
      "Applications et mises à jour", "App e aggiornamenti" },
  [DC_DESK_TEXT_CATEGORY_OTHER]
  = { "Something else", "Etwas anderes", "Otra cosa", "Autre chose", "Altro" },
  [DC_DESK_TEXT_ANSWER_INTRO] = { "This may help:", "Das hilft vielleicht:", "Esto puede ayudarle:",
                                  "Ceci peut vous aider :", "Questo può esserle utile:" },
  [DC_DESK_TEXT_ANSWER_FOLLOW_UP]
  = { "If this solves it, you can close the chat. If not, just write, and I will find a person "
      "for you.",
      "Wenn das Ihr Problem löst, können Sie den Chat schließen. Wenn nicht, schreiben Sie "
      "einfach, "
      "und ich suche Ihnen einen Mitarbeiter.",
      "Si esto lo resuelve, puede cerrar el chat. Si no, escriba y le buscaré a una persona.",
      "Si cela règle le problème, vous pouvez fermer la discussion. Sinon, écrivez-nous et je vous "
      "trouve une personne.",
      "Se questo risolve il problema, può chiudere la chat. Altrimenti scriva pure e le troverò "
      "una "
      "persona." },
  [DC_DESK_TEXT_QUEUED]
  = { "Thank you. A person from support will be with you soon. You are number {position} in the "
      "queue; the wait is about {minutes} min.",
      "Danke. Gleich ist ein Mitarbeiter für Sie da. Sie sind Nummer {position} in der "
      "Warteschlange; die Wartezeit beträgt etwa {minutes} Min.",
      "Gracias. Enseguida le atenderá una persona. Es el número {position} de la cola; la espera "
      "es de unos {minutes} min.",
      "Merci. Une personne va bientôt vous répondre. Vous êtes numéro {position} dans la file "
      "d’attente ; l’attente est d’environ {minutes} min.",
      "Grazie. Tra poco una persona sarà da lei. È il numero {position} in coda; l’attesa è di "
      "circa {minutes} min." },
  [DC_DESK_TEXT_QUEUE_MOVED]
  = { "You are now number {position} in the queue; the wait is about {minutes} min.",
      "Sie sind jetzt Nummer {position} in der Warteschlange; die Wartezeit beträgt etwa "
      "{minutes} Min.",
      "Ahora es el número {position} de la cola; la espera es de unos {minutes} min.",
      "Vous êtes maintenant numéro {position} dans la file d’attente ; l’attente est d’environ "
      "{minutes} min.",
      "Ora è il numero {position} in coda; l’attesa è di circa {minutes} min." },
  [DC_DESK_TEXT_AGENT_JOINING]
  = { "{agent} from support is joining the chat.", "{agent} vom Support kommt in den Chat.",
      "{agent}, del servicio de asistencia, se une al chat.",
      "{agent}, du service d’assistance, rejoint la discussion.",
      "{agent} dell’assistenza si unisce alla chat." },
  [DC_DESK_TEXT_TRANSFER]
  = { "{agent} from support takes over from here.", "{agent} vom Support übernimmt ab hier.",
      "{agent}, del servicio de asistencia, continúa a partir de aquí.",
      "{agent}, du service d’assistance, prend le relais.",
      "{agent} dell’assistenza prosegue da qui." },
  [DC_DESK_TEXT_RATING]
  = { "How did we do? Please rate this chat.", "Wie waren wir? Bitte bewerten Sie diesen Chat.",
      "¿Qué tal lo hemos hecho? Valore este chat, por favor.",
      "Comment avons-nous fait ? Merci d’évaluer cette discussion.",
      "Come siamo andati? Per favore, valuti questa chat." },
  [DC_DESK_TEXT_RATING_TITLE] = { "How did we do?", "Wie waren wir?", "¿Qué tal lo hemos hecho?",
                                  "Comment avons-nous fait ?", "Come siamo andati?" },
  [DC_DESK_TEXT_FIELD_RATING] = { "Rating", "Bewertung", "Valoración", "Note", "Valutazione" },
  [DC_DESK_TEXT_FIELD_COMMENT]
  = { "Comment (optional)", "Kommentar (optional)", "Comentario (opcional)",
      "Commentaire (facultatif)", "Commento (facoltativo)" },
  [DC_DESK_TEXT_STARS_1] = { "1 — poor", "1 — schlecht", "1 — mal", "1 — mauvais", "1 — scarso" },
  [DC_DESK_TEXT_STARS_2]
  = { "2 — fair", "2 — mäßig", "2 — regular", "2 — passable", "2 — mediocre" },
  [DC_DESK_TEXT_STARS_3] = { "3 — good", "3 — gut", "3 — bien", "3 — bien", "3 — buono" },
  [DC_DESK_TEXT_STARS_4]
  = { "4 — very good", "4 — sehr gut", "4 — muy bien", "4 — très bien", "4 — molto buono" },
  [DC_DESK_TEXT_STARS_5]
  = { "5 — excellent", "5 — ausgezeichnet", "5 — excelente", "5 — excellent", "5 — eccellente" },
  [DC_DESK_TEXT_THANKS]
  = { "Thank you for your rating. Goodbye!", "Danke für Ihre Bewertung. Auf Wiedersehen!",
      "Gracias por su valoración. ¡Hasta pronto!", "Merci pour votre évaluation. Au revoir !",
      "Grazie per la valutazione. Arrivederci!" },
  [DC_DESK_TEXT_CLOSED_IDLE]
  = { "This chat has been closed. You can start a new one at any time.",
      "Dieser Chat wurde beendet. Sie können jederzeit einen neuen beginnen.",
      "Este chat se ha cerrado. Puede iniciar uno nuevo cuando quiera.",
      "Cette discussion est terminée. Vous pouvez en commencer une nouvelle à tout moment.",
      "Questa chat è stata chiusa. Può iniziarne una nuova in qualsiasi momento." },
  [DC_DESK_TEXT_CLOSED_NOW] = { "The support desk is closed now. It opens again {when}.",
                                "Der Support ist jetzt geschlossen. Er öffnet wieder {when}.",
                                "El servicio de asistencia está cerrado ahora. Vuelve a abrir "
                                "{when}.",
                                "Le service d’assistance est fermé pour le moment. Il rouvre "
                                "{when}.",
                                "L’assistenza è chiusa in questo momento. Riapre {when}." },
  [DC_DESK_TEXT_CLOSED_NO_HOURS]
  = { "The support desk is closed now.", "Der Support ist jetzt geschlossen.",
      "El servicio de asistencia está cerrado ahora.",
      "Le service d’assistance est fermé pour le moment.",
      "L’assistenza è chiusa in questo momento." },
  [DC_DESK_TEXT_OPEN_CHANNELS]
  = { "You can reach us now by:", "Jetzt erreichen Sie uns so:", "Ahora puede contactarnos por:",
      "Vous pouvez nous joindre maintenant par :", "Ora può contattarci tramite:" },
  [DC_DESK_TEXT_NO_CHANNELS]
  = { "No other way to reach us is open now either; please come back later.",
      "Auch sonst ist gerade niemand erreichbar; bitte versuchen Sie es später noch einmal.",
      "Ahora tampoco hay otro canal abierto; vuelva más tarde, por favor.",
      "Aucun autre moyen de nous joindre n’est ouvert pour le moment ; merci de revenir plus tard.",
      "Al momento non è aperto nessun altro canale; riprovi più tardi." },
  [DC_DESK_TEXT_TODAY] = { "today at {time}", "heute um {time}", "hoy a las {time}",
                           "aujourd’hui à {time}", "oggi alle {time}" },
  [DC_DESK_TEXT_TOMORROW] = { "tomorrow at {time}", "morgen um {time}", "mañana a las {time}",
                              "demain à {time}", "domani alle {time}" },
  [DC_DESK_TEXT_ON_DAY] = { "on {day} at {time}", "am {day} um {time}", "el {day} a las {time}",
                            "{day} à {time}", "{day} alle {time}" },
  [DC_DESK_TEXT_MONDAY] = { "Monday", "Montag", "lunes", "lundi", "lunedì" },
  [DC_DESK_TEXT_TUESDAY] = { "Tuesday", "Dienstag", "martes", "mardi", "martedì" },
  [DC_DESK_TEXT_WEDNESDAY] = { "Wednesday", "Mittwoch", "miércoles", "mercredi", "mercoledì" },
  [DC_DESK_TEXT_THURSDAY] = { "Thursday", "Donnerstag", "jueves", "jeudi", "giovedì" },
  [DC_DESK_TEXT_FRIDAY] = { "Friday", "Freitag", "viernes", "vendredi", "venerdì" },
  [DC_DESK_TEXT_SATURDAY] = { "Saturday", "Samstag", "sábado", "samedi", "sabato" },
  [DC_DESK_TEXT_SUNDAY] = { "Sunday", "Sonntag", "domingo", "dimanche", "domenica" },
  [DC_DESK_TEXT_CHANNEL_HOTLINE] = { "Hotline", "Hotline", "Teléfono", "Téléphone", "Telefono" },
  [DC_DESK_TEXT_CHANNEL_EMAIL] = { "E-mail", "E-Mail", "Correo electrónico", "E-mail", "E-mail" },
  [DC_DESK_TEXT_CHANNEL_WEBSITE] = { "Website", "Website", "Sitio web", "Site web", "Sito web" },
  [DC_DESK_TEXT_CHANNEL_WHATSAPP] = { "WhatsApp", "WhatsApp", "WhatsApp", "WhatsApp", "WhatsApp" },
  [DC_DESK_TEXT_CHANNEL_TELEGRAM] = { "Telegram", "Telegram", "Telegram", "Telegram", "Telegram" },
  [DC_DESK_TEXT_CHANNEL_SIGNAL] = { "Signal", "Signal", "Signal", "Signal", "Signal" },
  [DC_DESK_TEXT_TOO_FAST]
  = { "You are writing faster than we can read. Please wait a moment.",
      "Sie schreiben schneller, als wir lesen können. Bitte warten Sie einen Moment.",
      "Escribe más rápido de lo que podemos leer. Espere un momento, por favor.",
      "Vous écrivez plus vite que nous ne pouvons lire. Merci de patienter un instant.",
      "Sta scrivendo più velocemente di quanto riusciamo a leggere. Attenda un momento, per "
      "favore." },
  [DC_DESK_TEXT_ANSWER_TOO_LONG]
  = { "An answer is too long. Please keep each one under {length} characters.",
      "Eine Antwort ist zu lang. Bitte bleiben Sie unter {length} Zeichen pro Antwort.",
      "Una respuesta es demasiado larga. Use menos de {length} caracteres en cada una.",
      "Une réponse est trop longue. Merci de rester sous {length} caractères par réponse.",
      "Una risposta è troppo lunga. Resti sotto i {length} caratteri per risposta." },
  [DC_DESK_TEXT_DESCRIPTION_NEEDED] = { "Please describe the problem in a few words.",
                                        "Bitte beschreiben Sie das Problem in ein paar Worten.",
                                        "Describa el problema en pocas palabras, por favor.",
                                        "Merci de décrire le problème en quelques mots.",
                                        "Descriva il problema in poche parole, per favore." },
  [DC_DESK_TEXT_RATING_NEEDED]
  = { "Please choose a rating from 1 to 5.", "Bitte wählen Sie eine Bewertung von 1 bis 5.",
      "Elija una valoración del 1 al 5, por favor.", "Merci de choisir une note de 1 à 5.",
      "Scelga una valutazione da 1 a 5, per favore." },
  [DC_DESK_TEXT_TOO_MANY_SESSIONS]
  = { "You already have an open chat with us. Please continue there.",
      "Sie haben schon einen offenen Chat mit uns. Bitte schreiben Sie dort weiter.",
      "Ya tiene un chat abierto con nosotros. Continúe allí, por favor.",
      "Vous avez déjà une discussion ouverte avec nous. Merci de la poursuivre.",
      "Ha già una chat aperta con noi. Continui lì, per favore." },
};

static guint
language_index (const char *language)
{
  for (guint i = 0; i < N_LANGUAGES; i++)
    if (g_strcmp0 (language, languages[i]) == 0)
      return i;
  return EN;
}

/**
 * dc_desk_language_from_locale:
 * @locale: (nullable): what the customer's app sent, such as "de_DE.UTF-8"
 *
 * Returns: the language the desk talks to them in: de, en, es, fr or it
 */
const char *
dc_desk_language_from_locale (const char *locale)
{
  if (locale == NULL || strlen (locale) < 2)
    return languages[EN];
  for (guint i = 0; i < N_LANGUAGES; i++)
    if (g_ascii_strncasecmp (locale, languages[i], 2) == 0
        && (locale[2] == '\0' || strchr ("_-.@", locale[2]) != NULL))
      return languages[i];
  return languages[EN];
}

/**
 * dc_desk_text:
 * @language: a language code; one the desk does not speak gives English
 * @text: which text
 *
 * Returns: the text, with its {placeholders}
 */
const char *
dc_desk_text (const char *language, DcDeskText text)
{
  g_return_val_if_fail (text < DC_DESK_N_TEXTS, "");
  return texts[text][language_index (language)];
}

/**
 * dc_desk_text_format:
 * @language: a language code
 * @text: which text
 * @...: pairs of a placeholder's name (without braces) and its value, then %NULL
 *
 * Returns: (transfer full): the text with its placeholders filled in
 */
char *
dc_desk_text_format (const char *language, DcDeskText text, ...)
{
  g_autoptr (GString) result = g_string_new (dc_desk_text (language, text));
  const char *name;
  va_list args;

  va_start (args, text);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *placeholder = g_strdup_printf ("{%s}", name);
      g_string_replace (result, placeholder, value ? value : "", 0);
    }
  va_end (args);
  return g_string_free (g_steal_pointer (&result), FALSE);
}

/**
 * dc_desk_text_when:
 * @language: a language code
 * @when: a moment after @now, in the time zone to show it in
 * @now: the present, in the same time zone
 *
 * Returns: (transfer full): "today at 09:00", "tomorrow at 09:00" or "on
 *   Monday at 09:00" in @language
 */
char *
dc_desk_text_when (const char *language, GDateTime *when, GDateTime *now)
{
  g_autofree char *time = g_date_time_format (when, "%H:%M");
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
  int day = g_date_time_get_day_of_year (when);

  if (g_date_time_get_year (when) == g_date_time_get_year (now)
      && day == g_date_time_get_day_of_year (now))
    return dc_desk_text_format (language, DC_DESK_TEXT_TODAY, "time", time, NULL);
  if (g_date_time_get_year (when) == g_date_time_get_year (tomorrow)
      && day == g_date_time_get_day_of_year (tomorrow))
    return dc_desk_text_format (language, DC_DESK_TEXT_TOMORROW, "time", time, NULL);
  return dc_desk_text_format (
    language, DC_DESK_TEXT_ON_DAY, "day",
    dc_desk_text (language, DC_DESK_TEXT_MONDAY + g_date_time_get_day_of_week (when) - 1), "time",
    time, NULL);
}
