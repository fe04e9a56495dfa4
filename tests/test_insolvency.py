"""engine.insolvency: the claim declaration's deadlines, the frozen claims, the
representatives named in a BODACC announcement."""

from datetime import date

from engine import insolvency


def test_a_claim_is_declared_within_two_months_of_the_publication():
    # Published Thursday 15 October 2026: Tuesday 15 December 2026 (R622-24).
    assert insolvency.declaration_deadline(date(2026, 10, 15)) == date(2026, 12, 15)


def test_a_creditor_outside_metropolitan_france_has_two_more_months():
    # Four months: Monday 15 February 2027.
    deadline = insolvency.declaration_deadline(date(2026, 10, 15), outside_metropolitan=True)
    assert deadline == date(2027, 2, 15)


def test_a_deadline_on_a_weekend_runs_to_the_monday():
    # Published 13 December 2026: 13 February 2027 is a Saturday, the deadline Monday
    # 15 February (CPC 642).
    assert insolvency.declaration_deadline(date(2026, 12, 13)) == date(2027, 2, 15)


def test_the_late_filing_window_is_six_months():
    # L622-26: 15 October 2026 + 6 months = Thursday 15 April 2027.
    assert insolvency.late_filing_deadline(date(2026, 10, 15)) == date(2027, 4, 15)


def test_claims_born_before_the_judgment_are_frozen_not_those_after():
    judgment = date(2026, 10, 5)
    assert insolvency.frozen(date(2026, 10, 4), judgment)
    assert not insolvency.frozen(date(2026, 10, 5), judgment)
    assert not insolvency.frozen(date(2026, 11, 2), judgment)


def test_interest_stops_the_day_before_the_judgment():
    assert insolvency.interest_until(date(2026, 10, 5), date(2026, 12, 1)) == date(2026, 10, 4)
    assert insolvency.interest_until(date(2026, 10, 5), date(2026, 9, 30)) == date(2026, 9, 30)


def test_the_representatives_named_in_the_announcement():
    text = (
        "Jugement prononçant la liquidation judiciaire, date de cessation des paiements "
        "le 1 septembre 2026, désignant liquidateur SELARL Dupont et Associés, 3 rue de "
        "la Paix 69002 Lyon. Les déclarations des créances sont à adresser au "
        "liquidateur dans les deux mois de la présente publication."
    )
    assert insolvency.representatives(text) == [("liquidator", "SELARL Dupont et Associés")]


def test_an_administrator_and_a_creditors_representative():
    text = (
        "Jugement d'ouverture d'une procédure de redressement judiciaire, désignant "
        "administrateur judiciaire Maître Martin, mission : assistance, mandataire "
        "judiciaire : SCP Leroy; les créances sont à déclarer au mandataire judiciaire "
        "dans les deux mois."
    )
    assert insolvency.representatives(text) == [
        ("administrator", "Maître Martin"),
        ("creditors_representative", "SCP Leroy"),
    ]


def test_no_representative_in_an_empty_text():
    assert insolvency.representatives("") == []
    assert insolvency.representatives(None) == []
