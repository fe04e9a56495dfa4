"""The public registers: the SIREN checked before any call, the answers read (the
recorded ones the Odoo tests also use, and variations of them), shapes refused."""

import copy
import json
from datetime import date

import pytest
from conftest import ADDON

from engine import registers

RECORDED = ADDON / "tests" / "data" / "registers"


def recorded(name):
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))


def announcement(family, jugement=None, *, registre=("444555668",), **extra):
    """A BODACC record of the shape the dataset returns (``jugement`` as JSON text)."""
    record = {
        "id": extra.pop("id", "A20260001001"),
        "typeavis": extra.pop("typeavis", "annonce"),
        "familleavis": family,
        "dateparution": extra.pop("dateparution", "2026-01-10"),
        "tribunal": "Greffe du Tribunal de Commerce de Lyon",
        "registre": list(registre),
        "jugement": json.dumps(jugement) if jugement is not None else None,
    }
    record.update(extra)
    return record


def judgment(famille, nature, when, complement=""):
    return {"famille": famille, "nature": nature, "date": when, "complementJugement": complement}


def proceedings_of(*records, siren="444555668"):
    return registers.read_proceedings(
        siren, {"total_count": len(records), "results": list(records)}
    )


# The SIREN ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registry", "siret", "siren"),
    [
        ("842135774", "", "842135774"),
        ("842 135 774", "", "842135774"),
        ("842.135.774", "", "842135774"),
        ("84213577400011", "", "842135774"),  # a SIRET in the registry field
        ("", "842 135 774 00011", "842135774"),
        ("", "", None),
        (False, False, None),  # Odoo's empty Char
    ],
)
def test_siren_of(registry, siret, siren):
    assert registers.siren_of(registry, siret) == siren


@pytest.mark.parametrize(
    "registry",
    ["842135775", "84213577", "8421357740", "84213577400017", "ABC135774", "RCS Lyon 842135774"],
)
def test_a_malformed_siren_is_refused_before_any_call(registry):
    with pytest.raises(registers.InvalidSiren) as raised:
        registers.siren_of(registry)
    assert raised.value.kind == "invalid_siren"
    assert raised.value.detail == registry


def test_the_registry_number_comes_before_the_siret():
    assert registers.siren_of("512345679", "84213577400011") == "512345679"


def test_the_queries_ask_for_the_siren_only():
    assert registers.recherche_entreprises_params("842135774") == {
        "q": "842135774",
        "page": 1,
        "per_page": 1,
    }
    params = registers.bodacc_params("444555668")
    assert params["where"] == (
        'search(registre, "444555668") AND familleavis IN ("collective", "radiation")'
    )
    assert params["order_by"] == "dateparution desc"
    assert params["limit"] == 100
    assert registers.TIMEOUT_SECONDS == 10


# The API Recherche d'entreprises ---------------------------------------------------------


def test_an_active_company():
    company = registers.read_company("842135774", recorded("company_active"))
    assert company == registers.CompanyRecord(
        siren="842135774",
        found=True,
        name="ATELIER DES TROIS CHENES",
        state="A",
        creation_date=date(2018, 9, 3),
        closing_date=None,
        legal_form="5710",
        activity="62.01Z",
    )
    assert not company.ceased


def test_a_ceased_company():
    company = registers.read_company("512345679", recorded("company_ceased"))
    assert company.found and company.ceased
    assert company.closing_date == date(2025, 12, 31)
    assert company.creation_date == date(2009, 5, 12)
    assert company.legal_form == "5499"
    assert company.activity == "10.71C"


def test_a_company_not_found():
    company = registers.read_company("908765431", recorded("company_not_found"))
    assert company == registers.CompanyRecord(siren="908765431", found=False)
    assert not company.ceased


def test_another_company_returned_by_the_text_search_is_not_a_match():
    # The API searches text: asked about a SIREN it does not know, it may return
    # another company whose name or address holds those digits.
    company = registers.read_company("908765431", recorded("company_active"))
    assert not company.found


def mangled_company(change):
    answer = recorded("company_active")
    change(answer["results"][0])
    return answer


@pytest.mark.parametrize(
    "answer",
    [
        None,
        [],
        "<html>Service indisponible</html>",
        {"erreur": "Veuillez indiquer au moins un paramètre de recherche."},
        {"results": "none"},
        {"results": ["842135774"]},
        {"results": [{"nom_complet": "ATELIER"}]},
        mangled_company(lambda result: result.update(etat_administratif="F")),
        mangled_company(lambda result: result.pop("etat_administratif")),
        mangled_company(lambda result: result.update(date_creation="03/09/2018")),
        mangled_company(lambda result: result.update(date_creation=20180903)),
        mangled_company(lambda result: result.update(nature_juridique=5710)),
    ],
)
def test_an_answer_the_api_does_not_document_is_refused(answer):
    with pytest.raises(registers.UnexpectedAnswer) as raised:
        registers.read_company("842135774", answer)
    assert raised.value.source == registers.SOURCE_RECHERCHE_ENTREPRISES


# The BODACC -------------------------------------------------------------------------------


def test_receivership_opened_and_still_open():
    proceedings = registers.read_proceedings("444555668", recorded("bodacc_receivership"))
    opening = proceedings.open_proceeding
    assert opening is not None
    assert opening.kind == registers.RECEIVERSHIP
    assert opening.date == date(2026, 9, 14)
    assert opening.court == "Greffe du Tribunal de Commerce de Lyon"
    assert opening.announcement == "A20260178012"
    assert proceedings.deregistered_on is None


def test_liquidation_closed_then_deregistered():
    proceedings = registers.read_proceedings("399888775", recorded("bodacc_closed"))
    assert proceedings.open_proceeding is None
    assert [(j.date, j.kind, j.opening, j.closing) for j in proceedings.judgments] == [
        (date(2024, 3, 5), registers.LIQUIDATION, True, False),
        (date(2025, 6, 10), registers.LIQUIDATION, False, True),
    ]
    assert proceedings.last_closing.nature == "Jugement de clôture pour insuffisance d'actif"
    assert proceedings.deregistered_on == date(2025, 11, 4)


def test_no_announcement():
    proceedings = registers.read_proceedings("842135774", recorded("bodacc_none"))
    assert proceedings == registers.Proceedings(siren="842135774")
    assert proceedings.open_proceeding is None


def test_announcements_about_another_company_are_left_out():
    proceedings = registers.read_proceedings("842135774", recorded("bodacc_receivership"))
    assert proceedings.judgments == ()


def test_registre_as_one_string_of_its_spellings():
    record = announcement(
        "collective",
        judgment("Jugement d'ouverture", "Jugement d'ouverture de sauvegarde", "2026-01-05"),
        registre=(),
    )
    record["registre"] = "444555668,444 555 668"
    assert proceedings_of(record).open_proceeding.kind == registers.SAFEGUARD


def test_a_plan_adopted_does_not_close_the_proceeding():
    proceedings = proceedings_of(
        announcement(
            "collective",
            judgment(
                "Jugement d'ouverture",
                "Jugement d'ouverture de redressement judiciaire",
                "2025-02-03",
            ),
            id="A1",
        ),
        announcement(
            "collective",
            judgment(
                "Jugement arrêtant le plan",
                "Jugement arrêtant le plan de redressement",
                "2025-09-01",
            ),
            id="A2",
        ),
    )
    assert proceedings.open_proceeding.date == date(2025, 2, 3)
    assert proceedings.open_proceeding.kind == registers.RECEIVERSHIP


def test_a_conversion_into_liquidation_reopens():
    proceedings = proceedings_of(
        announcement(
            "collective",
            judgment("Jugement d'ouverture", "Jugement d'ouverture de sauvegarde", "2024-01-15"),
            id="A1",
        ),
        announcement(
            "collective",
            judgment(
                "Jugement de clôture",
                "Jugement de clôture de la procédure de sauvegarde",
                "2024-06-01",
            ),
            id="A2",
        ),
        announcement(
            "collective",
            judgment(
                "Jugement de conversion",
                "Jugement de conversion en liquidation judiciaire",
                "1er octobre 2025",
            ),
            id="A3",
        ),
    )
    opening = proceedings.open_proceeding
    assert opening.kind == registers.LIQUIDATION
    assert opening.date == date(2025, 10, 1)


def test_a_liquidation_pronounced_after_a_plan_opens():
    proceedings = proceedings_of(
        announcement(
            "collective",
            judgment(
                "Jugement prononçant",
                "Jugement prononçant la résolution du plan de redressement et la "
                "liquidation judiciaire",
                "2026-03-02",
            ),
        ),
    )
    assert proceedings.open_proceeding.kind == registers.LIQUIDATION


def test_other_judgment_of_opening_takes_its_kind_from_the_complement():
    proceedings = proceedings_of(
        announcement(
            "collective",
            judgment(
                "Autre jugement d'ouverture",
                "Autre jugement d'ouverture",
                "2026-04-07",
                "Jugement d'ouverture d'une procédure de sauvegarde accélérée",
            ),
        ),
    )
    assert proceedings.open_proceeding.kind == registers.SAFEGUARD


def test_a_closing_the_same_day_as_the_opening_closes_it():
    opening = judgment(
        "Jugement d'ouverture", "Jugement d'ouverture de liquidation judiciaire", "2026-05-04"
    )
    closing = judgment(
        "Jugement de clôture", "Jugement de clôture pour extinction du passif", "2026-05-04"
    )
    proceedings = proceedings_of(
        announcement("collective", closing, id="A2"),
        announcement("collective", opening, id="A1"),
    )
    assert proceedings.open_proceeding is None


def test_a_cancelled_opening_is_read_as_nothing():
    cancellation = announcement(
        "collective",
        None,
        id="A20260002009",
        typeavis="annulation",
        parutionavisprecedent=json.dumps(
            {"nomPublication": "BODACC A", "numeroParution": "20260001", "numeroAnnonce": "001"}
        ),
    )
    opening = announcement(
        "collective",
        judgment(
            "Jugement d'ouverture", "Jugement d'ouverture de redressement judiciaire", "2026-01-05"
        ),
        id="A20260001001",
    )
    assert proceedings_of(cancellation, opening).judgments == ()


def test_a_transfer_of_registered_office_is_not_a_deregistration():
    transfer = announcement(
        "radiation",
        radiationaurcs=json.dumps({"commentaire": "Transfert du siège vers le RCS de Paris"}),
    )
    assert proceedings_of(transfer).deregistered_on is None
    ended = announcement("radiation", radiationaurcs=json.dumps({"radiationPM": "O"}))
    assert proceedings_of(ended).deregistered_on == date(2026, 1, 10)


def test_a_judgment_date_falls_back_on_the_publication():
    record = announcement(
        "collective",
        judgment("Jugement d'ouverture", "Jugement d'ouverture de sauvegarde", "le 31 février"),
        dateparution="2026-02-20",
    )
    assert proceedings_of(record).open_proceeding.date == date(2026, 2, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("05/03/2024", date(2024, 3, 5)),
        ("5/3/2024", date(2024, 3, 5)),
        ("5 mars 2024", date(2024, 3, 5)),
        ("1er janvier 2020", date(2020, 1, 1)),
        ("27 Novembre 2008", date(2008, 11, 27)),
        ("15 août 2023", date(2023, 8, 15)),
        ("31/02/2024", None),
        ("12 brumaire 2024", None),
        ("01/01/0202", None),  # a typing error of the announcement
        ("", None),
        (None, None),
        (20240305, None),
    ],
)
def test_judgment_date(text, expected):
    assert registers.judgment_date(text) == expected


def mangled_bodacc(change):
    answer = copy.deepcopy(recorded("bodacc_receivership"))
    change(answer["results"][0])
    return answer


@pytest.mark.parametrize(
    "answer",
    [
        None,
        {"error_code": "ODSQLError", "message": "ODSQL query is malformed"},
        {"results": ["A20260178012"]},
        mangled_bodacc(lambda record: record.update(jugement="{not json")),
        mangled_bodacc(lambda record: record.update(jugement='["a list"]')),
        mangled_bodacc(
            lambda record: record.update(
                jugement=json.dumps({"famille": "Jugement d'ouverture", "date": "?"}),
                dateparution=None,
            )
        ),
        mangled_bodacc(lambda record: record.update(tribunal=69)),
    ],
)
def test_an_answer_the_bodacc_does_not_document_is_refused(answer):
    with pytest.raises(registers.UnexpectedAnswer) as raised:
        registers.read_proceedings("444555668", answer)
    assert raised.value.source == registers.SOURCE_BODACC


# Together -------------------------------------------------------------------------------


def verdict(company, bodacc, siren):
    return registers.Verdict(
        registers.read_company(siren, recorded(company)),
        registers.read_proceedings(siren, recorded(bodacc)),
    )


def test_an_active_company_without_proceedings_raises_no_warning():
    assert not verdict("company_active", "bodacc_none", "842135774").alert


def test_a_ceased_company_raises_a_warning():
    assert verdict("company_ceased", "bodacc_none", "512345679").alert


def test_an_open_proceeding_raises_a_warning():
    result = verdict("company_not_found", "bodacc_receivership", "444555668")
    assert result.alert
    assert result.open_proceeding.kind == registers.RECEIVERSHIP


def test_a_deregistration_raises_a_warning_even_once_the_proceeding_closed():
    result = verdict("company_not_found", "bodacc_closed", "399888775")
    assert result.open_proceeding is None
    assert result.alert
