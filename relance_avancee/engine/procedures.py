"""After the formal notice: the procedures open to a debt, each weighed against its cost.

Plain Python (no Odoo). The models give the debt (in EUR, the currency the legal
thresholds are set in), the debtor, the creditor, the thresholds in force (dated
parameters the company's database holds, each citing its text) and the company's own
cost figures; :func:`weigh` returns one :class:`Option` per procedure: open or not,
why, what it may bring back, what it costs and how long it takes. It shows; the user
chooses.

What each procedure may claim is the debt's principal, its late-payment interest, its
recovery indemnities and the recovery costs already spent (on proof), except where a
text caps part of it (Belgium's uncontested debts). What it costs the creditor is the
company's figure for it: a fixed outlay (court-office fee, service, lawyer) and a
share of what is recovered (an agency's or a lawyer's commission). Nothing is assumed
where the company typed nothing: the cost is then unknown, and so is the net.

    net if paid in full = claim - fixed - commission x claim
    expected net        = claim x recovery - fixed - commission x claim x recovery

where ``recovery`` is the share of the claim the company expects the procedure to
bring back (its own figure; none typed: no expected net).

The procedures and their texts (France):

- ``amicable``: keep trying amicably (reminders, calls, a payment plan); always open,
  except in collective proceedings.
- ``fr_mediation``: conciliation by a conciliateur de justice or mediation (between
  businesses, the médiateur des entreprises); the debtor takes part freely. It is one
  of the prior attempts Code de procédure civile art. 750-1 accepts.
- ``fr_small_claims``: the simplified small-claims procedure through a commissaire de
  justice (Code des procédures civiles d'exécution, art. L125-1, R125-1 and following):
  a claim of at most the threshold in principal and interest (R125-1); the debtor must
  agree, its silence or refusal ends it; its fees are the creditor's (L125-1).
- ``fr_order_commercial`` / ``fr_order_judicial``: the *injonction de payer* (Code de
  procédure civile, art. 1405 and following), for a claim of a set amount with a
  contractual cause; before the president of the court competent for the claim
  (CPC 1406): the commercial court between traders (Code de commerce, art. L721-3),
  the judicial court otherwise; in the place where the debtor lives (CPC 1406). No
  prior amicable attempt is required (Cass. 2e civ., avis, 25 Sep 2025, n° 25-70.013).
- ``fr_action``: an ordinary action before the court; before the judicial court, a
  claim of at most the threshold must first go through conciliation, mediation or a
  participatory procedure (CPC 750-1).

Belgium:

- ``be_uncontested``: the recovery of uncontested money debts between businesses
  (Code judiciaire, art. 1394/20 and following), through a lawyer and a bailiff:
  both parties businesses registered in Belgium, neither a public authority, the
  debt uncontested; all its interest and penalty clauses together are capped at the
  threshold's share of the principal, the recovery costs (the 40 EUR indemnity) are
  not.
- ``be_summary_order``: the summary payment order (Code judiciaire, art. 1338 and
  following), for a liquid debt of at most the threshold, backed by a document from
  the debtor, after a formal demand giving it 15 days; through a lawyer.

Anywhere: ``agency``, a collection agency, paid under its mandate (one option per
agency the company works with).

Collective proceedings close every procedure: individual actions are stopped (Code de
commerce, art. L622-21) and earlier claims may not be paid (L622-7); the claim is
declared instead. A disputed debt is left out of the court procedures, which need a
claim nobody contests; a debt in a payment plan is left out of everything here.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

AMICABLE = "amicable"
FR_MEDIATION = "fr_mediation"
FR_SMALL_CLAIMS = "fr_small_claims"
FR_ORDER_COMMERCIAL = "fr_order_commercial"
FR_ORDER_JUDICIAL = "fr_order_judicial"
FR_ACTION = "fr_action"
BE_UNCONTESTED = "be_uncontested"
BE_SUMMARY_ORDER = "be_summary_order"
AGENCY = "agency"

# The procedures whose cost is the company's own figure (an agency's is its mandate).
PROCEDURES = (
    AMICABLE,
    FR_MEDIATION,
    FR_SMALL_CLAIMS,
    FR_ORDER_COMMERCIAL,
    FR_ORDER_JUDICIAL,
    FR_ACTION,
    BE_UNCONTESTED,
    BE_SUMMARY_ORDER,
)
# The procedures before a court or an officer of the law: a disputed debt stays out.
COURT_PROCEDURES = (
    FR_SMALL_CLAIMS,
    FR_ORDER_COMMERCIAL,
    FR_ORDER_JUDICIAL,
    FR_ACTION,
    BE_UNCONTESTED,
    BE_SUMMARY_ORDER,
)

# The texts each procedure rests on, as a letter or a screen cites them.
SOURCES = {
    AMICABLE: (),
    FR_MEDIATION: ("CPC 750-1",),
    FR_SMALL_CLAIMS: ("CPCE L125-1", "CPCE R125-1"),
    FR_ORDER_COMMERCIAL: ("CPC 1405", "CPC 1406", "C. com. L721-3"),
    FR_ORDER_JUDICIAL: ("CPC 1405", "CPC 1406"),
    FR_ACTION: ("CPC 750-1",),
    BE_UNCONTESTED: ("CJ 1394/20",),
    BE_SUMMARY_ORDER: ("CJ 1338",),
    AGENCY: (),
}

# The thresholds :func:`weigh` reads, by code: the models read them from dated rows.
SMALL_CLAIMS_CAP = "fr_small_claims_cap"
PRIOR_ATTEMPT_CAP = "fr_prior_attempt_cap"
BE_SUMMARY_ORDER_CAP = "be_summary_order_cap"
BE_UNCONTESTED_EXTRAS_CAP = "be_uncontested_extras_cap"
THRESHOLDS = (SMALL_CLAIMS_CAP, PRIOR_ATTEMPT_CAP, BE_SUMMARY_ORDER_CAP, BE_UNCONTESTED_EXTRAS_CAP)

# What a procedure's row says: open, open once a condition is met, or closed.
OPEN, CONDITION, CLOSED = "open", "condition", "closed"

# The debtor: a trader (or a commercial company), another business (a liberal
# profession, an association, a farmer, a civil company), or a consumer.
TRADER, NON_TRADER, CONSUMER = "trader", "non_trader", "consumer"

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Debt:
    """What is owed, in EUR: ``principal`` (the invoices' residual less the credit
    notes), ``interest``, ``indemnity`` (recovery indemnities), ``costs`` (recovery
    costs already spent, claimed on proof); ``disputed``: what of it is disputed and
    left out of the figures above; ``oldest_due``: the oldest due date."""

    principal: Decimal
    interest: Decimal = Decimal(0)
    indemnity: Decimal = Decimal(0)
    costs: Decimal = Decimal(0)
    disputed: Decimal = Decimal(0)
    oldest_due: date | None = None

    @property
    def claim(self):
        return self.principal + self.interest + self.indemnity + self.costs

    def age(self, today):
        """Days since the oldest due date."""
        return (today - self.oldest_due).days if self.oldest_due else 0


@dataclass(frozen=True)
class Party:
    """The debtor or the creditor: ``country`` (ISO code), ``kind`` (trader, other
    business, consumer), whether it is in collective proceedings, whether it is a
    public body."""

    country: str
    kind: str = TRADER
    in_proceedings: bool = False
    public: bool = False

    @property
    def business(self):
        return self.kind in (TRADER, NON_TRADER)


@dataclass(frozen=True)
class Cost:
    """The company's figures for a procedure: ``fixed`` outlay in EUR, ``commission``
    (percent of what is recovered), ``recovery`` (percent of the claim it expects the
    procedure to bring back, None: no figure), ``days`` (how long it usually takes)."""

    fixed: Decimal = Decimal(0)
    commission: Decimal = Decimal(0)
    recovery: Decimal | None = None
    days: int | None = None


@dataclass(frozen=True)
class Reason:
    """Why a procedure is open, conditional or closed: a ``code`` the models translate,
    with its ``params`` (amounts in EUR)."""

    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Option:
    """A procedure weighed: its status and reasons, what it may claim, what it costs the
    creditor, the net if the claim is paid in full and the net expected; each None when
    a figure it needs is missing. ``key`` tells the agencies apart."""

    procedure: str
    status: str
    reasons: tuple
    claim: Decimal
    cost: Decimal | None = None
    net: Decimal | None = None
    expected_net: Decimal | None = None
    days: int | None = None
    key: object = None

    @property
    def sources(self):
        return SOURCES[self.procedure]


def _round(amount):
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def figures(claim, cost):
    """(cost, net if paid in full, expected net) of ``claim`` under ``cost``, or Nones
    without a cost figure. Worked out at the top of this module."""
    if cost is None:
        return None, None, None
    outlay = cost.fixed + claim * cost.commission / HUNDRED
    expected = None
    if cost.recovery is not None:
        recovered = claim * cost.recovery / HUNDRED
        expected = _round(recovered - cost.fixed - recovered * cost.commission / HUNDRED)
    return _round(outlay), _round(claim - outlay), expected


def weigh(debt, debtor, creditor, thresholds, costs, agencies=(), today=None):
    """The options open to ``debt`` owed by ``debtor`` to ``creditor``.

    ``thresholds``: {code: Decimal or None} in force today (None: no row in force, the
    procedure's scope cannot be told). ``costs``: {procedure: Cost or None}.
    ``agencies``: [(key, Cost)], one option each. Options come in the order of
    :data:`PROCEDURES`, the agencies last.
    """
    rules = [
        (AMICABLE, _amicable),
        (FR_MEDIATION, _fr_mediation),
        (FR_SMALL_CLAIMS, _fr_small_claims),
        (FR_ORDER_COMMERCIAL, _fr_order_commercial),
        (FR_ORDER_JUDICIAL, _fr_order_judicial),
        (FR_ACTION, _fr_action),
        (BE_UNCONTESTED, _be_uncontested),
        (BE_SUMMARY_ORDER, _be_summary_order),
    ]
    options = []
    for procedure, rule in rules:
        if not _applies(procedure, debtor):
            continue
        status, reasons, claim = rule(debt, debtor, creditor, thresholds)
        options.append(
            _option(procedure, status, reasons, claim, debt, debtor, costs.get(procedure))
        )
    if not agencies:
        options.append(
            Option(
                AGENCY, CLOSED, (Reason("no_agency"),) + _common(debt, debtor, AGENCY), debt.claim
            )
        )
    for key, cost in agencies:
        option = _option(AGENCY, OPEN, (), debt.claim, debt, debtor, cost)
        options.append(Option(**{**option.__dict__, "key": key}))
    return options


def _applies(procedure, debtor):
    """A country's procedures are listed for a debtor established there."""
    if procedure.startswith("fr_"):
        return debtor.country == "FR"
    if procedure.startswith("be_"):
        return debtor.country == "BE"
    return True


def _common(debt, debtor, procedure):
    """The reasons every procedure shares: collective proceedings, a disputed part."""
    reasons = []
    if debtor.in_proceedings:
        reasons.append(Reason("proceedings"))
    elif debt.principal <= 0:
        reasons.append(Reason("nothing_claimable"))
    if debt.disputed > 0 and procedure in COURT_PROCEDURES:
        reasons.append(Reason("disputed_left_out", {"amount": debt.disputed}))
    return tuple(reasons)


def _option(procedure, status, reasons, claim, debt, debtor, cost):
    reasons = _common(debt, debtor, procedure) + tuple(reasons)
    if debtor.in_proceedings or debt.principal <= 0:
        status = CLOSED
    if cost is None:
        reasons += (Reason("no_cost"),)
    outlay, net, expected = figures(claim, cost)
    days = cost.days if cost is not None else None
    return Option(procedure, status, reasons, claim, outlay, net, expected, days)


def _threshold(thresholds, code):
    return thresholds.get(code)


def _amicable(debt, debtor, creditor, thresholds):
    return OPEN, (), debt.claim


def _fr_mediation(debt, debtor, creditor, thresholds):
    code = "mediation_business" if debtor.business else "mediation_consumer"
    return CONDITION, (Reason(code),), debt.claim


def _fr_small_claims(debt, debtor, creditor, thresholds):
    cap = _threshold(thresholds, SMALL_CLAIMS_CAP)
    counted = debt.principal + debt.interest
    if cap is None:
        return CONDITION, (Reason("threshold_missing", {"code": SMALL_CLAIMS_CAP}),), debt.claim
    if counted > cap:
        return CLOSED, (Reason("small_claims_over", {"amount": counted, "cap": cap}),), debt.claim
    return CONDITION, (Reason("small_claims_agree", {"amount": counted, "cap": cap}),), debt.claim


def _fr_order_commercial(debt, debtor, creditor, thresholds):
    if debtor.kind != TRADER:
        return CLOSED, (Reason("order_not_trader"),), debt.claim
    reasons = [Reason("order_commercial_court")]
    if creditor.kind != TRADER:
        reasons.append(Reason("order_creditor_chooses"))
    return OPEN, tuple(reasons) + _no_prior_attempt(debt, thresholds), debt.claim


def _fr_order_judicial(debt, debtor, creditor, thresholds):
    if debtor.kind == TRADER and creditor.kind == TRADER:
        return CLOSED, (Reason("order_between_traders"),), debt.claim
    reasons = [Reason("order_judicial_court")]
    if debtor.kind == TRADER:
        reasons.append(Reason("order_creditor_chooses"))
    return OPEN, tuple(reasons) + _no_prior_attempt(debt, thresholds), debt.claim


def _no_prior_attempt(debt, thresholds):
    """Where an action would need a prior amicable attempt, say the order does not."""
    cap = _threshold(thresholds, PRIOR_ATTEMPT_CAP)
    if cap is not None and debt.claim <= cap:
        return (Reason("order_no_prior_attempt", {"cap": cap}),)
    return ()


def _fr_action(debt, debtor, creditor, thresholds):
    if debtor.kind == TRADER and creditor.kind == TRADER:
        return OPEN, (Reason("action_commercial_court"),), debt.claim
    cap = _threshold(thresholds, PRIOR_ATTEMPT_CAP)
    if cap is None:
        return CONDITION, (Reason("threshold_missing", {"code": PRIOR_ATTEMPT_CAP}),), debt.claim
    if debt.claim <= cap:
        reason = Reason("action_prior_attempt", {"amount": debt.claim, "cap": cap})
        return CONDITION, (reason,), debt.claim
    return OPEN, (Reason("action_judicial_court", {"cap": cap}),), debt.claim


def _be_uncontested(debt, debtor, creditor, thresholds):
    registered = debtor.business and creditor.business and creditor.country == "BE"
    if not registered or debtor.public:
        return CLOSED, (Reason("be_uncontested_businesses"),), debt.claim
    share = _threshold(thresholds, BE_UNCONTESTED_EXTRAS_CAP)
    if share is None:
        reason = Reason("threshold_missing", {"code": BE_UNCONTESTED_EXTRAS_CAP})
        return CONDITION, (reason,), debt.claim
    # All interest and penalty clauses together, at most the share of the principal;
    # the increases the law provides and the recovery costs (the 40 EUR among them)
    # are outside the cap (CJ 1394/20).
    cap = _round(debt.principal * share / HUNDRED)
    interest = debt.interest
    reasons = [Reason("be_uncontested_how")]
    if interest > cap:
        params = {"interest": interest, "cap": cap, "share": share}
        reasons.append(Reason("be_uncontested_capped", params))
        interest = cap
    return OPEN, tuple(reasons), debt.principal + interest + debt.indemnity + debt.costs


def _be_summary_order(debt, debtor, creditor, thresholds):
    cap = _threshold(thresholds, BE_SUMMARY_ORDER_CAP)
    if cap is None:
        return CONDITION, (Reason("threshold_missing", {"code": BE_SUMMARY_ORDER_CAP}),), debt.claim
    if debt.claim > cap:
        return CLOSED, (Reason("be_summary_over", {"amount": debt.claim, "cap": cap}),), debt.claim
    return CONDITION, (Reason("be_summary_how", {"cap": cap}),), debt.claim


# ----------------------------------------------------------------------------------
# The injonction de payer followed to its end: its deadlines.
#
# - The order lapses if it is not served within the service period from its date
#   (CPC 1411: six months; three for orders made from 1 September 2026, décret
#   n° 2026-96 of 16 February 2026).
# - The debtor may oppose within the opposition period from service (CPC 1416: one
#   month).
# - The order becomes enforceable once no opposition came in time: at the end of the
#   opposition period (CPC 1422, since 1 March 2022); for orders made from 1 September
#   2026, when no notice of opposition reached the creditor within two months of
#   service (décret n° 2026-96).
#
# Each period is a dated threshold, read for the order's date. A period in months ends
# on the day of the last month with the same number as the day it starts from, or the
# month's last day when there is none (CPC 641); a period ending on a Saturday or a
# Sunday runs to the next Monday (CPC 642; public holidays are not known here: the
# screen says so).
# ----------------------------------------------------------------------------------
SERVICE_MONTHS = "fr_order_service_months"
OPPOSITION_MONTHS = "fr_order_opposition_months"
ENFORCEMENT_MONTHS = "fr_order_enforcement_months"
ORDER_PERIODS = (SERVICE_MONTHS, OPPOSITION_MONTHS, ENFORCEMENT_MONTHS)


def add_months(day, months):
    """``day`` plus ``months`` calendar months; the month's last day when it is shorter."""
    month_index = day.month - 1 + int(months)
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - date.resolution).day
    return date(year, month, min(day.day, last))


def period_end(start, months):
    """The last day of a period of ``months`` from ``start`` (CPC 641 and 642)."""
    end = add_months(start, months)
    while end.weekday() >= 5:
        end += date.resolution
    return end


@dataclass(frozen=True)
class OrderDeadlines:
    """The deadlines of an order: ``serve_by`` (the last day to serve it), then once
    served, ``oppose_by`` (the debtor's last day to oppose) and ``enforce_from`` (the
    first day the creditor may enforce it without a notice of opposition). None: not
    known yet (not made or not served, or a period not in force)."""

    serve_by: date | None = None
    oppose_by: date | None = None
    enforce_from: date | None = None


def order_deadlines(order_date, served_date, periods):
    """The deadlines of an order made on ``order_date`` and served on ``served_date``
    (or None), under ``periods`` {code of ORDER_PERIODS: months or None} in force on
    the order's date."""
    if not order_date:
        return OrderDeadlines()
    service = periods.get(SERVICE_MONTHS)
    serve_by = period_end(order_date, service) if service else None
    if not served_date:
        return OrderDeadlines(serve_by)
    opposition = periods.get(OPPOSITION_MONTHS)
    enforcement = periods.get(ENFORCEMENT_MONTHS)
    oppose_by = period_end(served_date, opposition) if opposition else None
    enforce_from = None
    if enforcement and oppose_by:
        enforce_from = max(period_end(served_date, enforcement), oppose_by) + date.resolution
    return OrderDeadlines(serve_by, oppose_by, enforce_from)
