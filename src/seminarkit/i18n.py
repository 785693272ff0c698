"""User-interface words in German and English, chosen by `theme.language`."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence

LANGUAGES = ("de", "en")

_WORDS: dict[str, dict[str, str]] = {
    "exercise": {"de": "Übung", "en": "Exercise"},
    "minutes": {"de": "Minuten", "en": "minutes"},
    "minute": {"de": "Minute", "en": "minute"},
    "minutes_heading": {"de": "Minuten", "en": "Minutes"},
    # LMS export
    "export.more_exercises": {"de": "Weitere Übungen", "en": "More exercises"},
    "export.solution": {"de": "Lösung", "en": "Solution"},
    "export.word_bank": {"de": "Wortspeicher", "en": "Word bank"},
    "export.match": {
        "de": "Ordnen Sie jedem Begriff das Passende zu.",
        "en": "Match each item with the one it belongs to.",
    },
    "export.order": {
        "de": "Bringen Sie die Schritte in die richtige Reihenfolge.",
        "en": "Put the items in the right order.",
    },
    "export.correct": {"de": "Ihre Antwort ist richtig.", "en": "Your answer is correct."},
    "export.partially_correct": {
        "de": "Ihre Antwort ist teilweise richtig.",
        "en": "Your answer is partially correct.",
    },
    "export.incorrect": {"de": "Ihre Antwort ist falsch.", "en": "Your answer is incorrect."},
    "export.moodle": {
        "de": "Fragensammlung für Moodle (Moodle-XML)",
        "en": "Question bank for Moodle (Moodle XML)",
    },
    "export.gift": {
        "de": "Fragensammlung im GIFT-Format (für Moodle und andere Lernplattformen)",
        "en": "Question bank in GIFT format (Moodle and other learning platforms)",
    },
    "scorm": {
        "de": "SCORM-1.2-Paket der ganzen Website (für Lernplattformen)",
        "en": "SCORM 1.2 package of the whole site (for learning platforms)",
    },
    "scorm.note": {
        "de": "Ihr Fortschritt geht an die Lernplattform. Was wird dort gespeichert?",
        "en": "Your progress goes to the learning platform. What is stored there?",
    },
    "scorm.stored": {
        "de": "Die Lernplattform speichert: ob alle Selbstlern-Übungen erledigt sind (Status), "
        "welchen Anteil der automatisch geprüften Übungen Sie richtig gelöst haben (0–100), und "
        "je Übung Stand, Ergebnis, Zeitpunkt und kurze Antworten (angekreuzte Optionen, "
        "Lückenwörter, Zuordnungen, Reihenfolgen, Einschätzungen) – so können Sie auf einem "
        "anderen Gerät weitermachen.",
        "en": "The learning platform stores whether every self-study exercise is done (status), "
        "the share of auto-checked exercises you answered correctly (0–100), and for each "
        "exercise its state, result, time and short answers (ticked options, gap words, pairs, "
        "orders, ratings), so that you can go on from another device.",
    },
    "scorm.browser": {
        "de": "Freie Texte (Reflexionen, Tabellen, lange Lückenantworten) bleiben nur in diesem "
        "Browser; die Fortschrittsseite des Kurses, wo es eine gibt, sichert alle Ihre Antworten "
        "als Datei.",
        "en": "Free texts (reflections, tables, long gap answers) stay in this browser only; the "
        "course's progress page, where there is one, saves all your answers as a file.",
    },
    "export.qti": {
        "de": "Fragensammlung als IMS-QTI-2.1-Paket (für Lernplattformen mit QTI-2.1-Import)",
        "en": "Question bank as an IMS QTI 2.1 package (learning platforms that import QTI 2.1)",
    },
    "site_zip": {
        "de": "Die ganze Website als ZIP-Datei (entpacken, index.html öffnen – auch ohne Internet)",
        "en": "The whole site as a zip file (unpack, open index.html – works offline)",
    },
    "calendar": {
        "de": "Seminartermine für Ihren Kalender",
        "en": "Seminar dates for your calendar",
    },
    "min": {"de": "Min.", "en": "min"},
    "materials": {"de": "Material", "en": "Materials"},
    "objectives": {"de": "Lernziele", "en": "Objectives"},
    "hint": {"de": "Hinweis", "en": "Hint"},
    "show_solution": {"de": "Lösung anzeigen", "en": "Show solution"},
    "solution": {"de": "Lösung", "en": "Solution"},
    "check": {"de": "Prüfen", "en": "Check"},
    "your_answer": {"de": "Ihre Antwort", "en": "Your answer"},
    "true": {"de": "richtig", "en": "true"},
    "false": {"de": "falsch", "en": "false"},
    "statement": {"de": "Aussage", "en": "Statement"},
    "several_answers": {
        "de": "Mehrere Antworten sind richtig.",
        "en": "More than one answer is correct.",
    },
    "evaluation_rule": {
        "de": "Zählen Sie pro Aussage die Punkte der gewählten Spalte (1 bis %d) zusammen; "
        "umgekehrt formulierte Aussagen zählen von rechts.",
        "en": "Add up the points of the column you chose for each statement (1 to %d); "
        "reverse-worded statements count from the right.",
    },
    "gap": {"de": "Lücke", "en": "Gap"},
    "word_bank": {"de": "Wortspeicher", "en": "Word bank"},
    "choose": {"de": "– bitte wählen –", "en": "– please choose –"},
    "matches": {"de": "passt zu", "en": "matches"},
    "position": {"de": "Position", "en": "Position"},
    "correct_order": {"de": "Richtige Reihenfolge", "en": "Correct order"},
    "evaluation": {"de": "Auswertung", "en": "Evaluation"},
    "total": {"de": "Summe", "en": "Total"},
    "points": {"de": "Punkte", "en": "points"},
    "reverse_scored": {"de": "umgekehrt gewertet", "en": "reverse-scored"},
    "consequences": {"de": "Folgen der Möglichkeiten", "en": "What each choice leads to"},
    "recommended": {"de": "empfohlen", "en": "recommended"},
    "roles": {"de": "Rollen", "en": "Roles"},
    "role": {"de": "Rolle", "en": "Role"},
    "role_secret": {"de": "Nur für Sie", "en": "For your eyes only"},
    "role_card_from_trainer": {
        "de": "Was nur diese Rolle weiß, steht auf ihrer Rollenkarte: Die gibt Ihnen die Trainerin "
        "oder der Trainer.",
        "en": "What only this role knows is on its role card, which you get from the trainer.",
    },
    "phases": {"de": "Ablauf", "en": "Phases"},
    "phase": {"de": "Phase", "en": "Phase"},
    "instructions": {"de": "Anleitung", "en": "Instructions"},
    "group_size": {"de": "Gruppengröße", "en": "Group size"},
    "persons": {"de": "Personen", "en": "people"},
    "observation": {"de": "Beobachtungskriterien", "en": "What observers watch for"},
    "network_map": {"de": "Netzwerkkarte", "en": "Network map"},
    "contacts": {"de": "Kontakte", "en": "Contacts"},
    "me": {"de": "Ich", "en": "Me"},
    "row": {"de": "Zeile", "en": "Row"},
    "exercise_index": {"de": "Alle Übungen", "en": "All exercises"},
    "title": {"de": "Titel", "en": "Title"},
    "type": {"de": "Art", "en": "Type"},
    "social_form": {"de": "Sozialform", "en": "Social form"},
    "lesson": {"de": "Lektion", "en": "Lesson"},
    "use": {"de": "Einsatz", "en": "Use"},
    "correct_answers": {"de": "Richtige Antworten", "en": "Correct answers"},
    "explanation": {"de": "Erklärung", "en": "Explanation"},
    "not_embedded": {"de": "nicht eingebunden", "en": "not embedded"},
    # print
    "name": {"de": "Name", "en": "Name"},
    "date": {"de": "Datum", "en": "Date"},
    "contents": {"de": "Inhalt", "en": "Contents"},
    "page": {"de": "Seite", "en": "Page"},
    "of": {"de": "von", "en": "of"},
    "module": {"de": "Modul", "en": "Module"},
    "cut_here": {
        "de": "Rollenkarten: an der gestrichelten Linie ausschneiden.",
        "en": "Role cards: cut along the dashed lines.",
    },
    "role_card_groups": {
        "de": "Gruppen zu {size}: bei {people} Plätzen bis zu {groups} Gruppen.",
        "en": "Groups of {size}: up to {groups} groups for {people} seats.",
    },
    "role_card_print": {"de": "Drucken", "en": "Print"},
    "role_card_times": {"de": "„{name}“ {n}-mal", "en": "“{name}” {n} times"},
    "observer_sheet": {"de": "Beobachtungsbogen", "en": "Observer sheet"},
    "round": {"de": "Runde", "en": "Round"},
    "notes": {"de": "Notizen", "en": "Notes"},
    "your_total": {"de": "Ihre Summe", "en": "Your total"},
    "circle_points": {
        "de": "Kreuzen Sie je Aussage eine Spalte an; die kleine Zahl im Feld sind Ihre Punkte.",
        "en": "Tick one column per statement; the small number in the box is your score.",
    },
    "order_instruction": {
        "de": "Tragen Sie in jedes Kästchen die Position (1 = zuerst) ein.",
        "en": "Write the position into each box (1 = first).",
    },
    "match_instruction": {
        "de": "Tragen Sie in jedes Kästchen den Buchstaben der passenden Antwort ein.",
        "en": "Write the letter of the matching answer into each box.",
    },
    "map_instruction": {
        "de": "Tragen Sie Ihre Kontakte mit Initialen in die Karte ein: je näher an der Mitte, "
        "desto enger der Kontakt.",
        "en": "Write your contacts into the map with their initials: the closer to the centre, "
        "the closer the contact.",
    },
    "not_in_print": {"de": "nur online", "en": "online only"},
    "downloads": {"de": "Downloads", "en": "Downloads"},
    "preview.unbuilt": {"de": "wird von {command} erstellt", "en": "made by {command}"},
    "preview.problems": {"de": "Der Kurs hat Probleme", "en": "The course has problems"},
    "preview.problems_note": {
        "de": "Die Vorschau zeigt die Seiten wieder, sobald diese Probleme behoben sind.",
        "en": "The preview shows the pages again once these problems are fixed.",
    },
    "file": {"de": "Datei", "en": "File"},
    "pages": {"de": "Seiten", "en": "pages"},
    "page_one": {"de": "Seite", "en": "page"},
    # agenda and trainer guide
    "agenda": {"de": "Seminarplan", "en": "Schedule"},
    "day": {"de": "Tag", "en": "Day"},
    "days": {"de": "Tage", "en": "days"},
    "time": {"de": "Zeit", "en": "Time"},
    "block": {"de": "Programmpunkt", "en": "Item"},
    "input": {"de": "Impuls", "en": "Input"},
    "break": {"de": "Pause", "en": "Break"},
    "trainer_guide": {"de": "Trainerleitfaden", "en": "Trainer guide"},
    "materials_checklist": {"de": "Materialliste für den Tag", "en": "Materials for the day"},
    "needed_for": {"de": "benötigt in", "en": "needed in"},
    "exercises_count": {"de": "Übungen", "en": "exercises"},
    "trainer_notes": {"de": "Hinweise für die Seminarleitung", "en": "Trainer notes"},
    "self_study_only": {
        "de": "Übungen für das Selbststudium (nicht im Seminarplan)",
        "en": "Self-study exercises (not in the schedule)",
    },
    "clock": {"de": "Uhr", "en": ""},
    "agenda_overflow": {
        "de": "Achtung: Der Inhalt passt nicht in die Zeit – der Tag endet erst um %s statt um %s "
        "(%d Minuten zu lang).",
        "en": "Caution: the content does not fit – the day ends at %s instead of %s "
        "(%d minutes too long).",
    },
    "agenda_unused": {
        "de": "Der Plan endet um %s; bis %s bleiben %d Minuten Puffer.",
        "en": "The plan ends at %s; until %s, %d minutes are left as a buffer.",
    },
    "agenda_buffer": {
        "de": "Der Plan hält %d Minuten Puffer in festen Blöcken frei.",
        "en": "The plan keeps %d minutes of buffer free in fixed blocks.",
    },
    # seminar-room pack (trainer folder)
    "room.fold": {"de": "hier falzen", "en": "fold here"},
    "room.sign_in": {"de": "Anwesenheitsliste", "en": "Sign-in sheet"},
    "room.number": {"de": "Nr.", "en": "No."},
    "room.organisation": {"de": "Organisation", "en": "Organisation"},
    "room.signature": {"de": "Unterschrift", "en": "Signature"},
    "room.trainer": {"de": "Seminarleitung", "en": "Trainer"},
    "room.place": {"de": "Ort", "en": "Place"},
    "room.dates": {"de": "Termin", "en": "Dates"},
    "room.place_date": {"de": "Ort, Datum", "en": "Place, date"},
    "room.certificate": {"de": "Teilnahmebescheinigung", "en": "Certificate of attendance"},
    "room.attended": {"de": "hat am Seminar", "en": "attended the seminar"},
    "room.attended_after": {"de": "teilgenommen.", "en": ""},
    "room.duration": {"de": "Umfang", "en": "Duration"},
    "room.hours": {"de": "Stunden", "en": "hours"},
    "room.hour": {"de": "Stunde", "en": "hour"},
    "room.units": {
        "de": "Unterrichtseinheiten à 45 Minuten",
        "en": "teaching units of 45 minutes",
    },
    "room.unit": {"de": "Unterrichtseinheit à 45 Minuten", "en": "teaching unit of 45 minutes"},
    "room.contents": {"de": "Inhalte", "en": "Contents"},
    "room.feedback": {"de": "Feedbackbogen", "en": "Feedback form"},
    "room.feedback_intro": {
        "de": "Ihre Rückmeldung hilft, das Seminar zu verbessern. Der Bogen ist anonym: Kreuzen "
        "Sie je Aussage ein Kästchen an.",
        "en": "Your feedback helps to improve the seminar. The form is anonymous: tick one box "
        "per statement.",
    },
    "feedback_rating.1": {
        "de": "Die Inhalte waren verständlich und gut aufbereitet.",
        "en": "The content was clear and well prepared.",
    },
    "feedback_rating.2": {
        "de": "Ich kann das Gelernte in meiner Praxis anwenden.",
        "en": "I can put what I learned into practice.",
    },
    "feedback_rating.3": {
        "de": "Die Methoden und Übungen haben mir beim Lernen geholfen.",
        "en": "The methods and exercises helped me learn.",
    },
    "feedback_rating.4": {
        "de": "Die Seminarleitung hat die Inhalte kompetent und anschaulich vermittelt.",
        "en": "The trainer presented the content competently and clearly.",
    },
    "feedback_rating.5": {
        "de": "Organisation und Rahmen (Raum, Zeiten, Unterlagen) haben gepasst.",
        "en": "Organisation and setting (room, times, materials) were right.",
    },
    "feedback_rating.6": {
        "de": "Ich würde dieses Seminar weiterempfehlen.",
        "en": "I would recommend this seminar.",
    },
    "feedback_question.1": {
        "de": "Was nehmen Sie aus dem Seminar mit?",
        "en": "What will you take away from the seminar?",
    },
    "feedback_question.2": {
        "de": "Was würden Sie ändern?",
        "en": "What would you change?",
    },
    # social forms
    "mode.solo": {"de": "Einzelarbeit", "en": "Individual work"},
    "mode.pair": {"de": "Partnerarbeit", "en": "Pair work"},
    "mode.group": {"de": "Gruppenarbeit", "en": "Group work"},
    "mode.plenary": {"de": "Plenum", "en": "Plenary"},
    # uses
    "use.seminar": {"de": "Seminar", "en": "Seminar"},
    "use.self-study": {"de": "Selbststudium", "en": "Self-study"},
    # exercise types
    "type.reflection": {"de": "Reflexion", "en": "Reflection"},
    "type.quiz": {"de": "Quiz", "en": "Quiz"},
    "type.true-false": {"de": "Richtig oder falsch", "en": "True or false"},
    "type.cloze": {"de": "Lückentext", "en": "Cloze"},
    "type.matching": {"de": "Zuordnung", "en": "Matching"},
    "type.ordering": {"de": "Reihenfolge", "en": "Ordering"},
    "type.self-assessment": {"de": "Selbsteinschätzung", "en": "Self-assessment"},
    "type.checklist": {"de": "Checkliste", "en": "Checklist"},
    "type.scenario": {"de": "Fallbeispiel", "en": "Scenario"},
    "type.role-play": {"de": "Rollenspiel", "en": "Role-play"},
    "type.network-map": {"de": "Netzwerkkarte", "en": "Network map"},
    "type.action-plan": {"de": "Aktionsplan", "en": "Action plan"},
    # defaults for exercise keys
    "scale.1": {"de": "trifft gar nicht zu", "en": "strongly disagree"},
    "scale.2": {"de": "trifft eher nicht zu", "en": "disagree"},
    "scale.3": {"de": "teils, teils", "en": "neither agree nor disagree"},
    "scale.4": {"de": "trifft eher zu", "en": "agree"},
    "scale.5": {"de": "trifft voll zu", "en": "strongly agree"},
    "ring.1": {"de": "eng", "en": "close"},
    "ring.2": {"de": "regelmäßig", "en": "regular"},
    "ring.3": {"de": "locker", "en": "loose"},
    "sector.1": {"de": "Arbeit", "en": "Work"},
    "sector.2": {"de": "Branche & Verbände", "en": "Industry & associations"},
    "sector.3": {"de": "Ausbildung & Alumni", "en": "Education & alumni"},
    "sector.4": {"de": "Privat", "en": "Private"},
    "map_column.1": {"de": "Name", "en": "Name"},
    "map_column.2": {"de": "Ring", "en": "Ring"},
    "map_column.3": {"de": "Sektor", "en": "Sector"},
    "map_column.4": {"de": "Letzter Kontakt", "en": "Last contact"},
    "map_column.5": {"de": "Nächster Schritt", "en": "Next step"},
    "plan_column.1": {"de": "Ziel", "en": "Goal"},
    "plan_column.2": {"de": "Erster Schritt", "en": "First step"},
    "plan_column.3": {"de": "Bis wann", "en": "By when"},
    "plan_column.4": {"de": "Mit wem", "en": "With whom"},
    "plan_column.5": {
        "de": "Woran ich merke, dass es geklappt hat",
        "en": "How I know it worked",
    },
    # self-study online: words seminarkit.js shows (passed to it by the web templates)
    "ui.evaluate": {"de": "Auswerten", "en": "Evaluate"},
    "ui.show_consequence": {"de": "Folge ansehen", "en": "See what happens"},
    "ui.retry": {"de": "Noch einmal versuchen", "en": "Try again"},
    "ui.print": {"de": "Drucken", "en": "Print"},
    "ui.mark_done": {"de": "Als erledigt markieren", "en": "Mark as done"},
    "ui.saved": {"de": "Gespeichert", "en": "Saved"},
    "ui.not_saved": {
        "de": "Nicht gespeichert: Dieser Browser erlaubt kein lokales Speichern.",
        "en": "Not saved: this browser does not allow local storage.",
    },
    "ui.full": {
        "de": "Nicht gespeichert: Der Speicher dieses Browsers ist voll.",
        "en": "Not saved: this browser's storage is full.",
    },
    "ui.save_file": {
        "de": "Sichern Sie Ihre Antworten als Datei, damit keine verloren geht.",
        "en": "Save your answers as a file so that none is lost.",
    },
    "ui.kept": {"de": "Ihre Antwort vom {date} – {why}", "en": "Your answer of {date} – {why}"},
    "ui.why_conflict": {
        "de": "gleichzeitig in einem anderen Fenster geändert",
        "en": "changed in another window at the same time",
    },
    "ui.why_import": {
        "de": "beim Laden einer Datei ersetzt",
        "en": "replaced when a file was loaded",
    },
    "ui.why_file": {
        "de": "aus einer geladenen Datei, älter als Ihre",
        "en": "from a loaded file, older than yours",
    },
    "ui.why_restore": {
        "de": "durch eine wiederhergestellte Antwort ersetzt",
        "en": "replaced by a restored answer",
    },
    "ui.restore": {"de": "Diese Antwort wiederherstellen", "en": "Restore this answer"},
    "ui.restored": {
        "de": "Antwort wiederhergestellt. Die ersetzte Antwort ist unten aufbewahrt.",
        "en": "Answer restored. The answer it replaced is kept below.",
    },
    "ui.conflict": {
        "de": "Diese Antwort wurde gleichzeitig in einem anderen Fenster geändert. Ihre Eingabe "
        "gilt; die andere Fassung ist unten aufbewahrt.",
        "en": "This answer was changed in another window at the same time. What you entered here "
        "stays; the other version is kept below.",
    },
    "ui.right": {"de": "Richtig.", "en": "Correct."},
    "ui.wrong": {"de": "Nicht richtig.", "en": "Not quite."},
    "ui.unanswered": {"de": "Nicht beantwortet.", "en": "Not answered."},
    "ui.score": {"de": "{n} von {total} richtig", "en": "{n} of {total} correct"},
    "ui.all_right": {"de": "Alles richtig – gut gemacht!", "en": "All correct – well done!"},
    "ui.solution_after": {
        "de": "Die Lösung können Sie nach Ihrem ersten Versuch ansehen.",
        "en": "The solution is available after your first attempt.",
    },
    "ui.solution_ready": {
        "de": "Die Lösung steht jetzt unten bereit.",
        "en": "The solution is now available below.",
    },
    "ui.rate_all": {"de": "Bitte bewerten Sie jede Aussage.", "en": "Please rate every statement."},
    "ui.choose_first": {
        "de": "Bitte wählen Sie zuerst eine Möglichkeit.",
        "en": "Please choose an option first.",
    },
    "ui.total": {"de": "Summe: {n} Punkte", "en": "Total: {n} points"},
    "ui.your_choice": {"de": "Ihre Wahl", "en": "Your choice"},
    "ui.your_order": {"de": "Ihre Reihenfolge", "en": "Your order"},
    "ui.move_up": {"de": "Nach oben", "en": "Move up"},
    "ui.move_down": {"de": "Nach unten", "en": "Move down"},
    "ui.moved": {
        "de": "{item}: jetzt an Position {n} von {total}",
        "en": "{item}: now in position {n} of {total}",
    },
    "ui.changed": {
        "de": "Diese Übung wurde geändert, nachdem Sie sie bearbeitet haben. Ihre frühere "
        "Antwort ist hier aufbewahrt; in die Felder wurde sie nicht übernommen.",
        "en": "This exercise has changed since you answered it. Your earlier answer is kept "
        "here; it was not filled into the fields.",
    },
    "ui.earlier": {"de": "Ihre frühere Antwort vom {date}", "en": "Your earlier answer of {date}"},
    "ui.ticked": {"de": "abgehakt", "en": "ticked"},
    "ui.open": {"de": "offen", "en": "open"},
    "ui.not_started": {"de": "nicht begonnen", "en": "not started"},
    "ui.in_progress": {"de": "in Arbeit", "en": "in progress"},
    "ui.done": {"de": "erledigt", "en": "done"},
    "ui.ticked_count": {"de": "{n} von {total} abgehakt", "en": "{n} of {total} ticked"},
    "ui.changed_short": {
        "de": "geändert – frühere Antwort aufbewahrt",
        "en": "changed – earlier answer kept",
    },
    "ui.summary": {
        "de": "{n} von {total} Übungen erledigt.",
        "en": "{n} of {total} exercises done.",
    },
    "ui.state": {"de": "Stand", "en": "State"},
    "ui.export": {"de": "Antworten sichern (JSON-Datei)", "en": "Save answers (JSON file)"},
    "ui.import": {"de": "Antworten laden (JSON-Datei)", "en": "Load answers (JSON file)"},
    "ui.show_answers": {"de": "Meine Antworten anzeigen", "en": "Show my answers"},
    "ui.reset": {"de": "Alle Antworten löschen", "en": "Delete all answers"},
    "ui.confirm_reset": {
        "de": "Alle Ihre Antworten zu diesem Kurs werden aus diesem Browser gelöscht. "
        "Das lässt sich nicht rückgängig machen. Fortfahren?",
        "en": "All your answers to this course will be deleted from this browser. "
        "This cannot be undone. Continue?",
    },
    "ui.reset_done": {"de": "Alle Antworten wurden gelöscht.", "en": "All answers were deleted."},
    "ui.confirm_import": {
        "de": "Die Datei ersetzt Antworten, die in diesem Browser gespeichert sind "
        "(Übungen: {n}). Fortfahren?",
        "en": "The file replaces answers saved in this browser (exercises: {n}). Continue?",
    },
    "ui.imported": {
        "de": "Antworten geladen (Übungen: {n}).",
        "en": "Answers loaded (exercises: {n}).",
    },
    "ui.imported_part": {
        "de": "Antworten geladen: {n} von {total} Übungen.",
        "en": "Answers loaded: {n} of {total} exercises.",
    },
    "ui.import_kept": {
        "de": "Nicht verwendete Antworten sind im Verlauf der Übung aufbewahrt (Übungen: {n}).",
        "en": "The answers not used are kept in the exercise's history (exercises: {n}).",
    },
    "ui.export_page": {
        "de": "Antworten dieser Seite sichern (JSON-Datei)",
        "en": "Save this page's answers (JSON file)",
    },
    "ui.import_skipped": {
        "de": "Nicht geladen (leer oder zu Übungen, die es in diesem Kurs nicht gibt): {n}.",
        "en": "Not loaded (empty, or for exercises this course does not have): {n}.",
    },
    "ui.import_full": {
        "de": "Nicht gespeichert, weil der Speicher dieses Browsers voll ist: {list}. "
        "Ihre bisher gespeicherten Antworten sind unverändert.",
        "en": "Not saved, because this browser's storage is full: {list}. "
        "The answers saved before are unchanged.",
    },
    "ui.import_not_saved": {
        "de": "Nicht gespeichert, weil dieser Browser kein lokales Speichern erlaubt: {list}.",
        "en": "Not saved, because this browser does not allow local storage: {list}.",
    },
    "ui.import_cancelled": {"de": "Es wurde nichts geladen.", "en": "Nothing was loaded."},
    "ui.import_title": {
        "de": "Antworten aus der Datei laden?",
        "en": "Load the answers from the file?",
    },
    "ui.import_other": {
        "de": "Diese Datei stammt aus einem anderen Kurs: „{title}“. Sollen ihre Antworten in "
        "diesen Kurs geladen werden? Geladen werden nur Antworten zu Übungen, die es hier gibt.",
        "en": "This file comes from another course: “{title}”. Load its answers into this "
        "course? Only answers to exercises this course has are loaded.",
    },
    "ui.import_what": {
        "de": "Je Übung: welche Antwort neuer ist und welche danach gilt. Die andere wird im "
        "Verlauf der Übung aufbewahrt und lässt sich dort wiederherstellen.",
        "en": "For each exercise: which answer is newer and which one counts afterwards. The "
        "other one is kept in the exercise's history, where you can restore it.",
    },
    "ui.here": {"de": "In diesem Browser", "en": "In this browser"},
    "ui.in_file": {"de": "In der Datei", "en": "In the file"},
    "ui.after_loading": {"de": "Danach gilt", "en": "Afterwards"},
    "ui.added": {"de": "die Antwort aus der Datei", "en": "the file's answer"},
    "ui.file_newer": {
        "de": "die Antwort aus der Datei (neuer)",
        "en": "the file's answer (newer)",
    },
    "ui.here_newer": {
        "de": "Ihre Antwort in diesem Browser (neuer)",
        "en": "your answer in this browser (newer)",
    },
    "ui.same": {"de": "unverändert (gleiche Antwort)", "en": "unchanged (the same answer)"},
    "ui.import_load": {"de": "Diese Antworten laden", "en": "Load these answers"},
    "ui.cancel": {"de": "Abbrechen", "en": "Cancel"},
    "ui.import_error": {
        "de": "Diese Datei enthält keine Antworten zu diesem Kurs.",
        "en": "This file holds no answers to this course.",
    },
    "ui.my_answers": {"de": "Meine Antworten", "en": "My answers"},
    "ui.as_of": {"de": "Stand: {date}", "en": "As of {date}"},
    "ui.no_answers": {"de": "Noch keine Antworten gespeichert.", "en": "No answers saved yet."},
    "ui.file_json": {"de": "meine-antworten.json", "en": "my-answers.json"},
    "ui.needs_js": {
        "de": "Fortschritt, Sichern und Laden der Antworten brauchen JavaScript.",
        "en": "Progress, saving and loading answers need JavaScript.",
    },
}

_DEFAULT_LISTS = {
    "scale": 5,
    "ring": 3,
    "sector": 4,
    "map_column": 5,
    "plan_column": 5,
    "feedback_rating": 6,
    "feedback_question": 2,
}


def normalise_language(language: str | None) -> str:
    """`de_AT` or `de-CH` to `de`; anything unknown falls back to English."""
    base = (language or "en").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else "en"


def translator(language: str) -> Callable[[str], str]:
    """A function that looks up a word in the given language; unknown keys are a bug."""
    lang = normalise_language(language)

    def translate(key: str) -> str:
        return _WORDS[key][lang]

    return translate


def default_list(name: str, language: str) -> list[str]:
    """A default label list (`scale`, `ring`, `sector`, `map_column`, `plan_column`,
    `feedback_rating`, `feedback_question`)."""
    translate = translator(language)
    return [translate(f"{name}.{index}") for index in range(1, _DEFAULT_LISTS[name] + 1)]


def minutes(count: int, language: str) -> str:
    """`1 Minute`, `10 Minuten`."""
    translate = translator(language)
    return f"{count} {translate('minute') if count == 1 else translate('minutes')}"


def number(value: float, language: str) -> str:
    """`10,5` in German, `10.5` in English; whole numbers without decimals."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=normalise_language(language)))


def seminar_dates(dates: Sequence[str], language: str) -> str:
    """ISO dates as the course language writes them, consecutive days as one range:
    `12.–13. März 2027` or `Mar 12 – 13, 2027`; runs are joined with `und` / `and`."""
    from babel.dates import format_date, format_interval

    lang = normalise_language(language)
    days = sorted({dt.date.fromisoformat(date) for date in dates})
    runs: list[list[dt.date]] = []
    # Consecutive days keep the same difference between date and position in the list.
    for _, run in itertools.groupby(enumerate(days), key=_run_key):
        runs.append([day for _, day in run])
    texts = [
        str(format_date(run[0], "long", locale=lang))
        if len(run) == 1
        else str(format_interval(run[0], run[-1], "yMMMMd", locale=lang))
        for run in runs
    ]
    if len(texts) <= 1:
        return "".join(texts)
    return f"{', '.join(texts[:-1])} {'und' if lang == 'de' else 'and'} {texts[-1]}"


def _run_key(pair: tuple[int, dt.date]) -> int:
    return pair[1].toordinal() - pair[0]


def short_date(date: str, language: str) -> str:
    """`Fr., 12.03.2027` or `Fri, Mar 12, 2027`: a day on a sign-in sheet."""
    from babel.dates import format_date

    lang = normalise_language(language)
    pattern = "EEE, dd.MM.yyyy" if lang == "de" else "EEE, MMM d, yyyy"
    return str(format_date(dt.date.fromisoformat(date), pattern, locale=lang))


def format_date(iso: str, language: str) -> str:
    """An ISO date (`2027-03-12`) as the course language writes it: `12. März 2027`,
    `March 12, 2027` (Babel's CLDR "long" format). Text that is not an ISO date (a cover date
    an author wrote out) comes back unchanged."""
    from babel.dates import format_date as babel_format_date

    try:
        day = dt.date.fromisoformat(str(iso).strip())
    except ValueError:
        return str(iso)
    return str(babel_format_date(day, format="long", locale=normalise_language(language)))
