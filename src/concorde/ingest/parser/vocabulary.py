"""The words the parser reads, in one place. Each list says what it covers; none is a sentence
of a particular document. They come from the French of administrative acts (the CGCT's
vocabulary of sittings, quorum, pouvoirs and votes) and of conventions (their usual clauses).
Patterns are written for text in lower case unless said otherwise.
"""

from __future__ import annotations

# --- People -------------------------------------------------------------------------------

# Civilities before a name, as written (case kept: « M. » is not « m. »).
CIVILITIES = ("Monsieur", "Madame", "Mademoiselle", "Messieurs", "Mesdames", "MM.", "Mmes", "Mme", "Mlle", "Mr", "M.")

# Roles written after a name (« Jean BILLY, Vice-président »), never part of it (regex alternatives).
ROLE_WORDS = (
    r"maire",
    r"ma[iî]tresse",
    r"pr[ée]sident(?:e)?s?",
    r"vice-pr[ée]sident(?:e)?s?",
    r"adjoint(?:e)?s?",
    r"1(?:er|[èe]re)\s+adjoint",
    r"conseill[eè]re?s?(?:\s+\w+)?",
    r"pr[ée]f[eè]te?",
    r"directeur",
    r"directrice",
    r"secr[ée]taire",
    r"d[ée]l[ée]gu[ée]e?s?",
    r"doyenne?",
    r"rapporteur",
    r"rapporteure",
)

# Words registers print in capitals that are not surnames (labels, verbs of decision).
CAPS_LABELS = (
    "ÉTAIENT",
    "ETAIENT",
    "ÉTAIT",
    "ETAIT",
    "PRÉSENTS?",
    "PRESENTS?",
    "EXCUSÉ(?:E|S|ES)?",
    "EXCUSE(?:E|S|ES)?",
    "ABSENTS?",
    "ABSENTES?",
    "POUVOIRS?",
    "PROCURATIONS?",
    "ONT",
    "VOTE",
    "VOTÉ",
    "POUR",
    "CONTRE",
    "SE",
    "SONT",
    "ABSTENUS?",
    "ABSTENTIONS?",
    "ADOPTÉE?",
    "ADOPTEE?",
    "UNANIMITÉ",
    "UNANIMITE",
    "DÉLIBÉRATION",
    "DELIBERATION",
    "DÉCIDE",
    "DECIDE",
    "OBJET",
    "VU",
    "CONSIDÉRANT",
    "CONSIDERANT",
    "ARTICLE",
    "ACTE",
    "EXÉCUTOIRE",
    "EXECUTOIRE",
    "SECRÉTAIRE",
    "SECRETAIRE",
    "SÉANCE",
    "SEANCE",
    "CONSEIL",
    "MUNICIPAL",
    "COMMUNE",
    "VILLE",
    "ET",
    "PAR",
    "SUR",
    "DANS",
    "QUE",
    "QUI",
    "ORDRE",
    "DU",
    "JOUR",
    "PROCÈS",
    "PROCES",
    "COMPTE",
    "RENDU",
    "EXTRAIT",
    "REGISTRE",
    "RAPPORT",
    "EXPOSÉ",
    "EXPOSE",
    "QUESTIONS?",
    "POINTS?",
)

# --- Sittings -----------------------------------------------------------------------------

# The deliberating assemblies, and the kind of collectivité each belongs to.
ASSEMBLIES = (
    (r"conseil\s+municipal", "commune"),
    (r"conseil\s+de\s+paris", "ville"),
    (r"conseil\s+communautaire|conseil\s+de\s+communaut[ée]", "epci"),
    (r"conseil\s+m[ée]tropolitain", "epci"),
    (r"conseil\s+de\s+territoire", "ept"),
    (r"commission\s+permanente", None),  # of a département or a région: said by what follows
    (r"conseil\s+d[ée]partemental|conseil\s+g[ée]n[ée]ral", "departement"),
    (r"conseil\s+r[ée]gional", "region"),
    (r"comit[ée]\s+syndical", "other"),
    (r"bureau\s+(?:communautaire|m[ée]tropolitain|territorial|syndical)", "epci"),
    (r"conseil\s+d['’]administration", "other"),
)

# Words that tell a record of a sitting (a deliberation, its minutes), whatever the assembly.
SITTING_SIGNS = (
    "s'est réuni",
    "s’est réuni",
    "se sont réunis",
    "s'est assemblé",
    "s’est assemblé",
    "s'étant assemblé",
    "s’étant assemblé",
    "sous la présidence",
    "étaient présents",
    "etaient présents",
    "étaient presents",
    "présents :",
    "secrétaire de séance",
    "après en avoir délibéré",
    "apres en avoir delibere",
    "nombre de votants",
    "votants :",
    "quorum",
    "donné pouvoir",
    "donnant pouvoir",
    "procuration",
    "en exercice",
    "extrait du registre",
    "extrait des délibérations",
    "délibère",
    "séance du",
    "seance du",
    "ordre du jour",
    "adopté à l'unanimité",
    "adopte a l'unanimite",
    "adopté à la majorité",
)

# Labels that open a part of the roll call or close one (lower case, as regex).
ROLL_LABELS = (
    r"[ée]tai(?:en)?t\s+pr[ée]sente?s?",
    r"pr[ée]sente?s?\s*:",
    r"[ée]tai(?:en)?t\s+excus[ée]e?s?",
    r"excus[ée]e?s?\s*:",
    r"[ée]tai(?:en)?t\s+absente?s?",
    r"absente?s?\s*(?:excus[ée]e?s?|repr[ée]sent[ée]e?s?)?\s*:",
    r"absents?\s+repr[ée]sent[ée]s",
    r"pouvoirs?\s*:",
    r"procurations?\s*:",
    r"secr[ée]taire\s+de\s+s[ée]ance",
    r"nombre\s+de\s+(?:conseillers|membres|votants|pr[ée]sents)",
    r"en\s+exercice\s*:",
    r"votants?\s*:",
    r"\d+\s+votants",
    r"\d+\s+procurations?",
    r"le\s+quorum",
    r"assistaient",
    r"soit\s+\d+\s+pr[ée]sents",
    r"\d+\s+pr[ée]sents\b",
    r"date\s+de\s+(?:la\s+)?convocation",
    r"questions?\s+\d",
    r"ordre\s+du\s+jour",
    r"membres?\s+en\s+exercice\s*:",
    r"il\s+a\s+[ée]t[ée]\s+proc[ée]d[ée]",
    r"la\s+s[ée]ance\s+est\s+ouverte",
    r"[ée]galement\s+pr[ée]sents",
)

# Wordings of a proxy, each with the giver first or the holder first (lower case, as regex).
PROXY_GIVER_FIRST = (
    r"(?:donnant|donne(?:nt)?)\s+(?:pouvoir|procuration|d[ée]l[ée]gation(?:\s+de\s+vote)?)\s+[àa]\s",
    r"d[ée]l[èe]guen?t?\s+(?:son|leur)\s+(?:vote|pouvoir|droit\s+de\s+vote)\s+[àa]\s",
    r"(?:pouvoir|procuration)\s+donn[ée]e?\s+[àa]\s",
    r"(?:a|ont|ayant|avait|avaient)\s+donn[ée]e?s?\s+(?:pouvoir|procuration)\s+(?:de\s+vote\s+)?[àa]\s",
    r"\(\s*(?:pouvoir|procuration)\s+(?:donn[ée]e?\s+)?[àa]\s",
    r"repr[ée]sent[ée]e?\s+par\s",
    r"\brepr\.\s",
)
PROXY_HOLDER_FIRST = (
    r"\(?\s*(?:procuration|pouvoir)\s+de\b",
    r"(?:porteur|porteuse|d[ée]tenteur|d[ée]tentrice)\s+du\s+pouvoir\s+de",
    r"use\s+du\s+pouvoir\s+de",
    r"repr[ée]sentant\b",
)

# --- Votes ----------------------------------------------------------------------------------

# « néant », « / », « - », « aucun(e) »: a vote line that counts nobody.
NONE_COUNTED = ("néant", "neant", "aucun", "aucune", "/", "-", "—", "–", "0")
# Who took no part in a vote.
NOT_VOTING = (
    r"ne\s+prend\s+pas\s+part\s+au\s+vote",
    r"ne\s+prennent\s+pas\s+part\s+au\s+vote",
    r"ne\s+participe(?:nt)?\s+pas\s+au\s+vote",
    r"ne\s+prend\s+pas\s+part\s+[àa]\s+la\s+d[ée]lib[ée]ration",
    r"ne\s+prennent\s+pas\s+part\s+[àa]\s+la\s+d[ée]lib[ée]ration",
    r"s['’]abstien(?:t|nent)\s+de\s+prendre\s+part",
)

# --- Transmission ----------------------------------------------------------------------------

# The prefecture's receipt (contrôle de légalité), as registers and stamps write it. These and the
# two lists below are searched in the folded text (lower case, no accents, one space between
# words), each from its first word: the engine then jumps from one occurrence of it to the next.
RECEIPT = (
    r"recue? en prefecture",
    r"recue? par le representant de l'etat",
    r"accuse (?:de )?reception(?: (?:en )?prefecture)?",
    r"date de reception (?:en )?prefecture",
    r"transmise? (?:au controle de legalite|en prefecture)",
    r"recue? au controle de legalite",
)
PUBLICATION = (r"publiee? (?:le|en ligne le|sur le site)", r"affichee? le", r"date d'affichage", r"mise? en ligne le")
CONVOCATION = (
    r"date de (?:la )?convocation",
    r"convoquee?s? (?:par [^,]{0,40}? )?le",
    r"convocation (?:adressee|envoyee|en date) du",
    r"convocation (?:dematerialisee )?du (?:conseil|bureau|comite)[^,]{0,40}? du",
)

# --- Clauses of a convention ------------------------------------------------------------------

# Words that say a sentence is about the term, the renewal, the notice, the termination for breach
# (searched in lower case): such a sentence that cannot be read is a point to check.
TERM_WORDS = (
    "durée",
    "duree",
    "période",
    "periode",
    "conclue pour",
    "conclu pour",
    "jusqu'au",
    "jusqu’au",
    "prend effet",
    "entre en vigueur",
    "ans à compter",
    "mois à compter",
    "prend fin",
    "prendra fin",
    "expire",
    "s'achève",
    "s’achève",
)
RENEWAL_WORDS = ("reconduc", "reconduit", "renouvel", "prorog")
NOTICE_WORDS = (
    "préavis",
    "preavis",
    "avant le terme",
    "avant son terme",
    "avant l'échéance",
    "avant l’échéance",
    "dénonc",
    "denonc",
    "résili",
    "resili",
    "mettre fin",
    "mois avant",
    "jours avant",
    "mois au moins avant",
)
BREACH_WORDS = ("mise en demeure", "manquement", "inexécution", "inexecution", "de plein droit")

# --- Governance -------------------------------------------------------------------------------

# Words of a line that may name a governance body (lower case): comité, groupe, conférence…
BODY_WORDS = (
    "comit",
    "groupe",
    "copil",
    "cotech",
    "comop",
    "conférence",
    "conference",
    "instance",
    "commission",
    "cellule",
)

# Verbs of a body's mission in the present, third person singular (« le comité valide »; the plural
# adds « nt »): what a comité does, in the words of conventions of every kind.
MISSION_VERBS = (
    "valide",
    "examine",
    "suit",
    "arbitre",
    "d[ée]finit",
    "pr[ée]pare",
    "propose",
    "coordonne",
    "assure",
    "pilote",
    "oriente",
    "[ée]value",
    "d[ée]cide",
    "fixe",
    "[ée]tablit",
    "contr[ôo]le",
    "approuve",
    "dresse",
    "formule",
    "v[ée]rifie",
    "s'assure",
    r"rend\s+compte",
    "garantit",
    "anime",
    "instruit",
    "[ée]met",
    "adopte",
    "[ée]labore",
)

# --- Structure --------------------------------------------------------------------------------

# How a convention announces its own structure (« s'articule autour de trois axes », « se décline
# en 17 actions », « composée de cinq axes ») — folded text, each followed by the count.
ANNOUNCING = (
    r"autour\s+de",
    r"compose(?:e|s|es)?\s+de",
    r"comporte(?:nt)?",
    r"comprend",
    r"compte",
    r"regroupe(?:nt)?",
    r"rassemble(?:nt)?",
    r"en",
    r"dans",
)
# After a count, the participle that organises it (« quatre actions réparties en deux axes »).
ORGANISED = (
    r"reparti(?:e|s|es)?",
    r"regroupe(?:e|s|es)?",
    r"organise(?:e|s|es)?",
    r"decline(?:e|s|es)?",
    r"structure(?:e|s|es)?",
    r"concrete(?:s)?",
    r"prioritaires?",
    r"operationnel(?:le)?s",
)
# Words that put an announced count in another text (the previous convention, an older plan): its
# adjectives, and a verb in the imperfect (« s'articulait », « comportaient »).
ANOTHER_TEXT = (r"precedente?s?", r"ancien(?:ne)?s?", r"anterieure?s?", r"\w{3,}(?:ait|aient)")
