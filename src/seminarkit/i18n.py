"""User-interface words in German and English, chosen by `theme.language`."""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("de", "en")

_WORDS: dict[str, dict[str, str]] = {
    "exercise": {"de": "Übung", "en": "Exercise"},
    "minutes": {"de": "Minuten", "en": "minutes"},
    "minute": {"de": "Minute", "en": "minute"},
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
}

_DEFAULT_LISTS = {
    "scale": 5,
    "ring": 3,
    "sector": 4,
    "map_column": 5,
    "plan_column": 5,
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
    """A default label list (`scale`, `ring`, `sector`, `map_column`, `plan_column`)."""
    translate = translator(language)
    return [translate(f"{name}.{index}") for index in range(1, _DEFAULT_LISTS[name] + 1)]


def minutes(count: int, language: str) -> str:
    """`1 Minute`, `10 Minuten`."""
    translate = translator(language)
    return f"{count} {translate('minute') if count == 1 else translate('minutes')}"
