"""Public registers checked before selling more: what a French company's public records
say about a customer, read from the answers of two open services.

Plain Python, no Odoo: the models send the requests (with a timeout) and store what
these functions read from the answers; the tests feed them recorded answers.

- The *API Recherche d'entreprises* (``recherche-entreprises.api.gouv.fr``, open, no
  key) gives a company's administrative state (active or ceased), creation date, legal
  form (its INSEE code) and main activity (its NAF code).
- DILA's BODACC open data (the dataset of commercial announcements, on its
  Opendatasoft portal) gives the announcements published about a company: collective
  proceedings (safeguard, receivership, liquidation) and deregistration.

A proceeding is open when an opening judgment has no later closing judgment. Opening:
a judgment of opening, extension or conversion, or one pronouncing a liquidation;
closing: a judgment of closure. A judgment adopting a plan does not close the
proceeding (the plan is carried out under the court's eye). A cancellation
(``typeavis`` ``annulation``) and the announcement it cancels are read as nothing.
The wording is the BODACC's (the classification the Annuaire des Entreprises
publishes in its ``search-infra`` repository, ``workflows/data_pipelines/bodacc``).

Both answers are checked against what the services document before anything is read
from them: an answer of another shape raises ``UnexpectedAnswer`` (the models then
change nothing), never a half-read result.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date

from stdnum.exceptions import ValidationError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

# The services' addresses and the seconds a request may take before it is given up.
RECHERCHE_ENTREPRISES_URL = "https://recherche-entreprises.api.gouv.fr/search"
BODACC_URL = (
    "https://bodacc-datadila.opendatasoft.com/api/explore/v2.1/catalog/datasets/"
    "annonces-commerciales/records"
)
TIMEOUT_SECONDS = 10
# The Opendatasoft API returns at most 100 records per request; a company has far fewer
# announcements of these two families.
BODACC_LIMIT = 100

SOURCE_RECHERCHE_ENTREPRISES = "recherche_entreprises"
SOURCE_BODACC = "bodacc"

# Administrative states of the SIRENE register, as the API writes them.
STATE_ACTIVE, STATE_CEASED = "A", "C"

# Kinds of collective proceedings, from the judgment's wording.
SAFEGUARD, RECEIVERSHIP, LIQUIDATION = "safeguard", "receivership", "liquidation"
PROCEEDING_WORDS = (
    # Checked in this order: "liquidation judiciaire" may follow a "redressement".
    (LIQUIDATION, "liquidation"),
    (RECEIVERSHIP, "redressement"),
    (SAFEGUARD, "sauvegarde"),
)

FAMILY_COLLECTIVE, FAMILY_DEREGISTRATION = "collective", "radiation"
CANCELLED = "annulation"


class RegisterError(Exception):
    """A register could not be read; ``kind`` says why (for a translated message)."""

    kind = "error"

    def __init__(self, source, detail=""):
        super().__init__(f"{source}: {self.kind}: {detail}")
        self.source = source
        self.detail = detail


class InvalidSiren(RegisterError):
    kind = "invalid_siren"


class UnexpectedAnswer(RegisterError):
    kind = "unexpected_answer"


def siren_of(company_registry="", siret=""):
    """The SIREN (9 digits) of a customer, from its company registry number (a SIREN or
    a SIRET) or else its SIRET; ``None`` when it has neither. A number given but not a
    valid SIREN or SIRET (stdnum's checks: length, digits, Luhn key) raises
    ``InvalidSiren``: no register is asked about a number that cannot exist."""
    for number in (company_registry, siret):
        compact = re.sub(r"[\s.\-]", "", number or "")
        if not compact:
            continue
        try:
            if len(compact) == 14:
                return stdnum_siret.validate(compact)[:9]
            return stdnum_siren.validate(compact)
        except ValidationError as error:
            raise InvalidSiren("siren", number) from error
    return None


def recherche_entreprises_params(siren):
    """The query string of a look-up by SIREN."""
    return {"q": siren, "page": 1, "per_page": 1}


def bodacc_params(siren):
    """The query string of the announcements about ``siren`` in the two families read
    here, newest first. ``search()`` (ODSQL) matches the SIREN whether the dataset
    holds ``registre`` as a list or as one string of its two spellings; what comes
    back is checked against the SIREN again (``_concerns``)."""
    return {
        "where": (
            f'search(registre, "{siren}") AND familleavis IN '
            f'("{FAMILY_COLLECTIVE}", "{FAMILY_DEREGISTRATION}")'
        ),
        "order_by": "dateparution desc",
        "limit": BODACC_LIMIT,
    }


@dataclass(frozen=True)
class CompanyRecord:
    """What the API Recherche d'entreprises says about a company."""

    siren: str
    found: bool
    name: str = ""
    state: str = ""  # STATE_ACTIVE or STATE_CEASED; "" when not found
    creation_date: date | None = None
    closing_date: date | None = None
    legal_form: str = ""  # INSEE code of the legal category, e.g. "5710" (SAS)
    activity: str = ""  # NAF code, e.g. "62.01Z"

    @property
    def ceased(self):
        return self.state == STATE_CEASED


@dataclass(frozen=True)
class Judgment:
    """One collective-proceeding judgment announced in the BODACC."""

    date: date
    kind: str  # SAFEGUARD, RECEIVERSHIP, LIQUIDATION or "" (not said)
    opening: bool
    closing: bool
    nature: str
    court: str = ""
    announcement: str = ""  # the announcement's id, for the record


@dataclass(frozen=True)
class Proceedings:
    """What the BODACC says about a company's collective proceedings."""

    siren: str
    judgments: tuple = field(default_factory=tuple)  # oldest first
    deregistered_on: date | None = None

    @property
    def last_opening(self):
        openings = [judgment for judgment in self.judgments if judgment.opening]
        return openings[-1] if openings else None

    @property
    def last_closing(self):
        closings = [judgment for judgment in self.judgments if judgment.closing]
        return closings[-1] if closings else None

    @property
    def open_proceeding(self):
        """The opening judgment of the proceeding still open, or ``None``: open when
        an opening judgment has no later closing judgment."""
        opening, closing = self.last_opening, self.last_closing
        if opening is None:
            return None
        if closing is not None and closing.date >= opening.date:
            return None
        return opening


FRENCH_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        start=1,
    )
}
# Judgment dates before this year are typing errors of the announcement.
EARLIEST_YEAR = 1900


def _parse_date(value, source):
    """An ISO 8601 date (``YYYY-MM-DD``, maybe with a time) of the answer."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise UnexpectedAnswer(source, f"a date that is not a string: {value!r}")
    try:
        return date.fromisoformat(value[:10])
    except ValueError as error:
        raise UnexpectedAnswer(source, f"a date that is not ISO 8601: {value!r}") from error


def judgment_date(value):
    """The date of a BODACC judgment, or ``None``: the announcements write it
    ``YYYY-MM-DD``, ``DD/MM/YYYY`` or in French words (``27 novembre 2008``, ``1er
    janvier 2020``); a year before 1900 is a typing error, read as no date."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    found = None
    try:
        found = date.fromisoformat(text[:10])
    except ValueError:
        numeric = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        words = re.fullmatch(r"(\d{1,2})(?:er)?\s+([a-zéû]+)\s+(\d{4})", text)
        try:
            if numeric:
                day, month, year = (int(part) for part in numeric.groups())
                found = date(year, month, day)
            elif words and words.group(2) in FRENCH_MONTHS:
                found = date(
                    int(words.group(3)), FRENCH_MONTHS[words.group(2)], int(words.group(1))
                )
        except ValueError:
            return None
    if found is None or found.year < EARLIEST_YEAR:
        return None
    return found


def _text(value, source, name):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise UnexpectedAnswer(source, f"{name} is not a string: {value!r}")
    return value


def read_company(siren, answer):
    """The ``CompanyRecord`` of ``siren`` from a decoded answer of the search. A
    search that returns no company of that SIREN is ``found=False`` (the API searches
    text: another company may come back, which is not a match)."""
    source = SOURCE_RECHERCHE_ENTREPRISES
    if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
        raise UnexpectedAnswer(source, "no list of results")
    for result in answer["results"]:
        if not isinstance(result, dict) or "siren" not in result:
            raise UnexpectedAnswer(source, "a result without a SIREN")
        if result["siren"] != siren:
            continue
        state = result.get("etat_administratif")
        if state not in (STATE_ACTIVE, STATE_CEASED):
            raise UnexpectedAnswer(source, f"an administrative state {state!r}")
        return CompanyRecord(
            siren=siren,
            found=True,
            name=_text(result.get("nom_complet"), source, "nom_complet"),
            state=state,
            creation_date=_parse_date(result.get("date_creation"), source),
            closing_date=_parse_date(result.get("date_fermeture"), source),
            legal_form=_text(result.get("nature_juridique"), source, "nature_juridique"),
            activity=_text(result.get("activite_principale"), source, "activite_principale"),
        )
    return CompanyRecord(siren=siren, found=False)


def proceeding_kind(*texts):
    """SAFEGUARD, RECEIVERSHIP, LIQUIDATION or "" from a judgment's wording (its
    nature, else its complement: "Autre jugement d'ouverture" says no more)."""
    for text in texts:
        lowered = (text or "").lower()
        for kind, word in PROCEEDING_WORDS:
            if word in lowered:
                return kind
    return ""


# What makes a judgment open or close a proceeding, from the start of its family or
# nature (lowercase), as the BODACC words them.
OPENING_STARTS = (
    "jugement d'ouverture",
    "autre jugement d'ouverture",
    "jugement d'extension",
    "jugement de conversion",
)
CLOSING_STARTS = ("jugement de clôture", "autre jugement de clôture")


def _decoded(record, name, source):
    """A sub-document of a record: the dataset holds it as JSON text."""
    raw = record.get(name)
    if raw in (None, ""):
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as error:
            raise UnexpectedAnswer(source, f"{name} is not JSON") from error
    if not isinstance(raw, dict):
        raise UnexpectedAnswer(source, f"{name} is not an object")
    return raw


def _judgment(record, source):
    raw = _decoded(record, "jugement", source)
    if raw is None:
        return None
    family = _text(raw.get("famille"), source, "famille").strip().lower()
    nature = _text(raw.get("nature"), source, "nature").strip()
    complement = _text(raw.get("complementJugement"), source, "complementJugement")
    when = judgment_date(raw.get("date")) or _parse_date(record.get("dateparution"), source)
    if when is None:
        raise UnexpectedAnswer(source, "a judgment without a date")
    wording = (family, nature.lower())
    kind = proceeding_kind(nature, complement)
    closing = any(text.startswith(CLOSING_STARTS) for text in wording)
    # "Jugement prononçant la résolution du plan ... et la liquidation judiciaire", or a
    # liquidation pronounced: a liquidation opens.
    pronouncing = any(text.startswith("jugement prononçant") for text in wording)
    opening = not closing and (
        any(text.startswith(OPENING_STARTS) for text in wording)
        or (pronouncing and kind == LIQUIDATION)
    )
    return Judgment(
        date=when,
        kind=kind,
        opening=opening,
        closing=closing,
        nature=nature,
        court=_text(record.get("tribunal"), source, "tribunal"),
        announcement=str(record.get("id") or ""),
    )


def _concerns(record, siren):
    """Whether the record's ``registre`` holds ``siren`` (a list of its spellings, or
    one string of them joined by commas)."""
    registre = record.get("registre")
    if isinstance(registre, str):
        registre = registre.split(",")
    if not isinstance(registre, list):
        return False
    return any(isinstance(number, str) and number.replace(" ", "") == siren for number in registre)


def _is_deregistration(record, source):
    """A deregistration announcement, not a transfer of the registered office to
    another court's register (announced in the same family, with a comment)."""
    detail = _decoded(record, "radiationaurcs", source) or {}
    comment = str(detail.get("commentaire") or "").lower()
    return "transfert" not in comment


def _cancelled_id(record, source):
    """The id of the announcement a cancellation cancels (``parutionavisprecedent``:
    the publication's letter, the issue's number and the announcement's, which make
    an announcement's id)."""
    previous = _decoded(record, "parutionavisprecedent", source) or {}
    letter = str(previous.get("nomPublication") or "")[-1:]
    return f"{letter}{previous.get('numeroParution') or ''}{previous.get('numeroAnnonce') or ''}"


def read_proceedings(siren, answer):
    """The ``Proceedings`` of ``siren`` from a decoded answer of the BODACC records."""
    source = SOURCE_BODACC
    if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
        raise UnexpectedAnswer(source, "no list of results")
    records = answer["results"]
    if not all(isinstance(record, dict) for record in records):
        raise UnexpectedAnswer(source, "a record that is not an object")
    cancelled = {
        _cancelled_id(record, source) for record in records if record.get("typeavis") == CANCELLED
    }
    judgments, deregistered = [], None
    for record in records:
        if record.get("typeavis") == CANCELLED or record.get("id") in cancelled:
            continue
        if not _concerns(record, siren):
            continue
        family = record.get("familleavis")
        if family == FAMILY_COLLECTIVE:
            judgment = _judgment(record, source)
            if judgment is not None:
                judgments.append(judgment)
        elif family == FAMILY_DEREGISTRATION and _is_deregistration(record, source):
            published = _parse_date(record.get("dateparution"), source)
            if published and (deregistered is None or published > deregistered):
                deregistered = published
    judgments.sort(key=lambda judgment: (judgment.date, judgment.closing))
    return Proceedings(siren=siren, judgments=tuple(judgments), deregistered_on=deregistered)


@dataclass(frozen=True)
class Verdict:
    """What the registers say, put together: a warning when the company has ceased,
    is deregistered or is in an open proceeding."""

    company: CompanyRecord
    proceedings: Proceedings

    @property
    def open_proceeding(self):
        return self.proceedings.open_proceeding

    @property
    def alert(self):
        return bool(self.company.ceased or self.proceedings.deregistered_on or self.open_proceeding)
