# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The procedure a collection case follows, and the injonction de payer followed to
its end: the request filed, the order made, served, opposed or not, enforceable; its
deadlines as activities for the case's responsible.

A named mixin of ``relance.collection.case`` (``relance_collection_case.py``), as its
case file is: the case reads its debt and its life there, the court's steps here."""

import base64
import binascii

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date
from odoo.tools.pdf import PdfReadError, merge_pdf

from ...engine import procedures
from .relance_procedure_cost import PROCEDURES

CASE_PROCEDURES = PROCEDURES[1:] + [(procedures.AGENCY, "Collection Agency")]

# The procedures whose steps the case follows before a court: the injonction de payer.
ORDER_PROCEDURES = (procedures.FR_ORDER_COMMERCIAL, procedures.FR_ORDER_JUDICIAL)

COURT_STAGES = [
    ("to_file", "Request to File"),
    ("filed", "Request Filed"),
    ("made", "Order Made"),
    ("served", "Order Served"),
    ("opposed", "Opposed"),
    ("enforceable", "Enforceable"),
]

# The fields of the court's steps: checked together whenever one changes.
COURT_FIELDS = (
    "procedure",
    "court_filed_date",
    "court_order_date",
    "court_amount_granted",
    "court_served_date",
    "court_opposition_date",
    "court_late_opposition",
    "court_enforceable_date",
)


class RelanceCollectionCaseCourt(models.AbstractModel):
    _name = "relance.collection.case.court"
    _description = "Procedure of a collection case before a court"

    procedure = fields.Selection(
        CASE_PROCEDURES,
        tracking=True,
        help="The procedure the case follows, among those Weigh the Next Step shows; refused "
        "where it is not open to the case's debt. The injonction de payer's steps and "
        "deadlines are followed on the Court tab.",
    )
    court_name = fields.Char(
        "Court",
        compute="_compute_court_name",
        store=True,
        readonly=False,
        help="The court the request goes to: the president of the commercial court between "
        "traders, of the judicial court otherwise, of the place where the customer lives "
        "(CPC 1406). Proposed from the customer's city: check which court covers it (in "
        "some districts the commercial court is a tribunal des activités économiques) and "
        "correct it. The optional Cerfa forms (12946 commercial, 12948 judicial) ask for "
        "what the request prints.",
    )
    court_debtor_legal_form = fields.Char(
        "Customer's Legal Form", help="As the request names the customer (SARL, SAS, EURL...)."
    )
    court_filed_date = fields.Date("Request Filed On", tracking=True, copy=False)
    court_order_date = fields.Date("Order Made On", tracking=True, copy=False)
    court_served_date = fields.Date("Order Served On", tracking=True, copy=False)
    court_bailiff_id = fields.Many2one(
        "res.partner",
        "Served By",
        domain="[('relance_collection_role', '=', 'bailiff')]",
        copy=False,
        help="The commissaire de justice who served the order.",
    )
    court_opposition_date = fields.Date(
        "Opposition On",
        tracking=True,
        copy=False,
        help="The day the customer's opposition was made: the claim then goes to a hearing.",
    )
    court_late_opposition = fields.Boolean(
        "Late Opposition Admitted",
        copy=False,
        help="The opposition came after its period and the court admitted it (CPC 1416, "
        "second paragraph: a service not made to the person).",
    )
    court_enforceable_date = fields.Date("Enforceable On", tracking=True, copy=False)
    court_serve_by = fields.Date(
        "Serve By", compute="_compute_court_deadlines", store=True, help="The order lapses after."
    )
    court_oppose_by = fields.Date(
        "Opposition Until", compute="_compute_court_deadlines", store=True
    )
    court_enforce_from = fields.Date(
        "Enforceable From",
        compute="_compute_court_deadlines",
        store=True,
        help="Without a notice of opposition by then, the order may be enforced.",
    )
    court_next_deadline = fields.Date(
        "Court Deadline",
        compute="_compute_court_deadlines",
        store=True,
        index="btree_not_null",
        help="The next day the case's court procedure waits for: the order's service, or "
        "the day it may be enforced.",
    )
    court_stage = fields.Selection(COURT_STAGES, compute="_compute_court_stage")
    court_request_pdf = fields.Binary("Request", attachment=True, readonly=True, copy=False)
    court_request_name = fields.Char(readonly=True, copy=False)

    @api.depends("procedure", "partner_id.city")
    def _compute_court_name(self):
        # A French court's name, in French whatever the reader's language: it is
        # written so on the request.
        names = {
            procedures.FR_ORDER_COMMERCIAL: "Tribunal de commerce de %s",
            procedures.FR_ORDER_JUDICIAL: "Tribunal judiciaire de %s",
        }
        for case in self:
            city = case.partner_id.commercial_partner_id.city
            if case.procedure in names and city:
                case.court_name = names[case.procedure] % city
            else:
                case.court_name = case.court_name or False

    @api.depends(
        "court_order_date", "court_served_date", "court_opposition_date", "court_enforceable_date"
    )
    def _compute_court_deadlines(self):
        for case in self:
            deadlines = case._court_deadlines()
            case.court_serve_by = deadlines.serve_by
            case.court_oppose_by = deadlines.oppose_by
            case.court_enforce_from = deadlines.enforce_from
            next_deadline = False
            if case.court_order_date and not case.court_served_date:
                next_deadline = deadlines.serve_by
            elif case.court_served_date and not (
                case.court_opposition_date or case.court_enforceable_date
            ):
                next_deadline = deadlines.enforce_from
            case.court_next_deadline = next_deadline or False

    def _court_deadlines(self):
        """The engine's deadlines of the case's order, under the periods in force on
        the day it was made."""
        self.ensure_one()
        if not self.court_order_date:
            return procedures.OrderDeadlines()
        periods, _unverified = (
            self.env["relance.legal.threshold"].sudo()._in_force(self.court_order_date)
        )
        return procedures.order_deadlines(self.court_order_date, self.court_served_date, periods)

    @api.depends(
        "procedure",
        "court_filed_date",
        "court_order_date",
        "court_served_date",
        "court_opposition_date",
        "court_enforceable_date",
    )
    def _compute_court_stage(self):
        for case in self:
            stage = False
            if case.procedure in ORDER_PROCEDURES:
                stage = "to_file"
                for field, reached in (
                    ("court_filed_date", "filed"),
                    ("court_order_date", "made"),
                    ("court_served_date", "served"),
                    ("court_opposition_date", "opposed"),
                    ("court_enforceable_date", "enforceable"),
                ):
                    if case[field]:
                        stage = reached
            case.court_stage = stage

    # ------------------------------------------------------------------
    # What the court's steps refuse: a procedure not open to the debt, dates out of
    # order or in the future, a service after the order lapsed, an opposition after
    # its period, an enforcement before its day or after an opposition. Checked on
    # create and on every write of one of them, whatever the path.
    # ------------------------------------------------------------------
    def _check_court(self, changed=COURT_FIELDS):
        """Check the procedure and the court's steps; ``changed``: the fields written
        (all of them on create)."""
        for case in self:
            if case.procedure and (case.state == "draft" or "procedure" in changed):
                case._check_procedure_open()
            case._check_procedure_recipient()
            if "court_filed_date" in changed and case.court_filed_date:
                case._check_no_proceedings()
            if any(case[field] for field in COURT_FIELDS[1:]):
                case._check_court_dates()

    def _check_no_proceedings(self):
        if self.partner_id._relance_in_collective_proceedings():
            raise ValidationError(
                self.env._(
                    "%(customer)s is in collective proceedings: individual actions are "
                    "stopped (Code de commerce, L622-21). Declare the claim to the "
                    "court-appointed representative instead of filing a request.",
                    customer=self.partner_id.commercial_partner_id.name,
                )
            )

    def _check_procedure_open(self):
        """The procedure is open to the case's debt, as Weigh the Next Step shows it."""
        options = self.partner_id._relance_procedure_options(self)
        option = next((o for o in options if o.procedure == self.procedure), None)
        Option = self.env["relance.procedure.option"]
        label = dict(self._fields["procedure"]._description_selection(self.env))[self.procedure]
        if option is None:
            raise ValidationError(
                self.env._(
                    "%(procedure)s is not a procedure of the customer's country.",
                    procedure=label,
                )
            )
        if option.status == procedures.CLOSED:
            raise ValidationError(
                self.env._(
                    "%(procedure)s is not open to collection case %(case)s: %(reasons)s",
                    procedure=label,
                    case=self.name,
                    reasons=" ".join(Option._reason_text(reason) for reason in option.reasons),
                )
            )

    def _check_procedure_recipient(self):
        role = self.recipient_id.relance_collection_role
        if self.procedure == procedures.AGENCY and role != "agency":
            raise ValidationError(
                self.env._("A case handed to a collection agency goes to an agency.")
            )
        if self.procedure in procedures.COURT_PROCEDURES and role == "agency":
            raise ValidationError(
                self.env._(
                    "A collection agency does not take a case before a court or a commissaire "
                    "de justice: choose the court, the commissaire de justice or the lawyer."
                )
            )
        if role == "court" and self.procedure not in ORDER_PROCEDURES + (procedures.FR_ACTION,):
            raise ValidationError(
                self.env._("A case handed to a court follows an injonction de payer or an action.")
            )

    def _check_court_dates(self):
        today = fields.Date.context_today(self)
        if self.procedure not in ORDER_PROCEDURES:
            raise ValidationError(
                self.env._(
                    "The order's steps belong to an injonction de payer: set the case's "
                    "procedure first."
                )
            )
        steps = [
            (self.court_filed_date, self.env._("the request's filing")),
            (self.court_order_date, self.env._("the order")),
            (self.court_served_date, self.env._("the order's service")),
        ]
        previous = None
        for day, step in steps:
            if not day:
                continue
            if day > today:
                raise ValidationError(
                    self.env._("The date of %(step)s cannot be in the future.", step=step)
                )
            if previous and day < previous[0]:
                raise ValidationError(
                    self.env._(
                        "The date of %(step)s (%(date)s) comes before that of %(previous)s "
                        "(%(previous_date)s).",
                        step=step,
                        date=format_date(self.env, day),
                        previous=previous[1],
                        previous_date=format_date(self.env, previous[0]),
                    )
                )
            previous = (day, step)
        self._check_court_steps_in_order()
        self._check_court_deadlines(today)

    def _check_court_steps_in_order(self):
        missing = [
            (self.court_order_date and not self.court_filed_date, self.env._("the request filed")),
            (self.court_served_date and not self.court_order_date, self.env._("the order made")),
            (
                (self.court_opposition_date or self.court_enforceable_date)
                and not self.court_served_date,
                self.env._("the order served"),
            ),
        ]
        for is_missing, step in missing:
            if is_missing:
                raise ValidationError(
                    self.env._("Record %(step)s first: the steps follow each other.", step=step)
                )
        if self.currency_id.compare_amounts(self.court_amount_granted, 0) < 0 or (
            self.currency_id.compare_amounts(self.court_amount_granted, self.amount_total) > 0
        ):
            raise ValidationError(
                self.env._(
                    "The amount granted is at least zero and at most what the case claims "
                    "(%(claimed)s).",
                    claimed=format_amount(self.env, self.amount_total, self.currency_id),
                )
            )
        if self.court_opposition_date and self.court_enforceable_date:
            raise ValidationError(
                self.env._(
                    "An order the customer opposed is not enforceable: the court now judges "
                    "the claim. Clear one of the two dates."
                )
            )

    def _check_court_deadlines(self, today):
        deadlines = self._court_deadlines()
        served, opposed = self.court_served_date, self.court_opposition_date
        if served and deadlines.serve_by and served > deadlines.serve_by:
            raise ValidationError(
                self.env._(
                    "The order lapsed on %(date)s, unserved (CPC 1411): it cannot be served "
                    "after. File a new request.",
                    date=format_date(self.env, deadlines.serve_by),
                )
            )
        if opposed and opposed < served:
            raise ValidationError(self.env._("An opposition comes after the order's service."))
        late = opposed and deadlines.oppose_by and opposed > deadlines.oppose_by
        if late and not self.court_late_opposition:
            raise ValidationError(
                self.env._(
                    "The opposition period ended on %(date)s (CPC 1416): an opposition of "
                    "%(opposed)s is late. Record it only if the court admitted it (tick Late "
                    "Opposition Admitted).",
                    date=format_date(self.env, deadlines.oppose_by),
                    opposed=format_date(self.env, opposed),
                )
            )
        enforceable = self.court_enforceable_date
        if enforceable and (
            enforceable > today or (deadlines.enforce_from and enforceable < deadlines.enforce_from)
        ):
            raise ValidationError(
                self.env._(
                    "The order can be enforced from %(date)s, not before, and not in the future.",
                    date=format_date(self.env, deadlines.enforce_from),
                )
            )

    # ------------------------------------------------------------------
    # The deadlines as activities for the case's responsible: one per step waited
    # for, done when the step is recorded.
    # ------------------------------------------------------------------
    def _court_schedule(self):
        """Plan what the court's steps wait for, mark done what they no longer do."""
        activity_type = self.env.ref("relance_avancee.mail_activity_type_relance_court")
        for case in self.filtered(lambda case: case.procedure in ORDER_PROCEDURES):
            env = case._relance_company_env()
            wanted = {}
            # A closed case waits for nothing more from the court.
            deadline = case.state in ("draft", "sent", "in_progress") and case.court_next_deadline
            if deadline and deadline == case.court_serve_by:
                wanted["serve"] = (
                    case.court_serve_by,
                    env._(
                        "Serve the order by %(date)s", date=format_date(env, case.court_serve_by)
                    ),
                    env._(
                        "The order of %(date)s lapses if it is not served by then (CPC 1411): "
                        "send it to a commissaire de justice.",
                        date=format_date(env, case.court_order_date),
                    ),
                )
            elif deadline:
                wanted["enforce"] = (
                    case.court_enforce_from,
                    env._(
                        "Enforce the order from %(date)s",
                        date=format_date(env, case.court_enforce_from),
                    ),
                    env._(
                        "The customer may oppose until %(oppose)s (CPC 1416). Without a notice "
                        "of opposition, the order may be enforced from %(date)s: ask the "
                        "commissaire de justice to enforce it.",
                        oppose=format_date(env, case.court_oppose_by),
                        date=format_date(env, case.court_enforce_from),
                    ),
                )
            case._court_sync_activities(activity_type, wanted)

    def _court_sync_activities(self, activity_type, wanted):
        """Keep this case's court activities to ``wanted`` {key: (deadline, summary,
        note)}: those planned for another deadline are marked done."""
        current = self.activity_ids.filtered(
            lambda activity: activity.activity_type_id == activity_type
        )
        keep = current.filtered(
            lambda activity: any(
                activity.date_deadline == deadline and activity.summary == summary
                for deadline, summary, _note in wanted.values()
            )
        )
        (current - keep).action_feedback(
            feedback=self._relance_company_env()._("The court's step was recorded.")
        )
        user = self.user_id or self.company_id._relance_responsible()
        for deadline, summary, note in wanted.values():
            if any(activity.summary == summary for activity in keep):
                continue
            self.with_context(mail_activity_quick_update=True).activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=deadline,
                summary=summary,
                note=Markup("<p>%s</p>") % note,
                user_id=user.id,
            )

    # ------------------------------------------------------------------
    # The request for an injonction de payer, ready to file: the request (CPC 54,
    # 57 and 1407) followed by its documents, numbered as its list numbers them.
    # ------------------------------------------------------------------
    def action_court_request(self):
        """Print the request and its documents in one PDF, attached to the case."""
        self.ensure_one()
        self._check_court_request()
        pieces = self._case_file_pieces()
        rendered = self._render_pdfs("relance_avancee.action_report_relance_court_request", self)
        merged, left_out = self._court_request_merge(rendered[self.id], pieces)
        env = self._relance_company_env()
        name = env._("Request %(case)s.pdf", case=self.name.replace("/", "-"))
        self.write({"court_request_pdf": base64.b64encode(merged), "court_request_name": name})
        note = env._(
            "Request for an injonction de payer prepared for %(court)s: %(amount)s, %(count)s "
            "documents.",
            court=self.court_name,
            amount=format_amount(env, self._court_claim()["total"], self.currency_id),
            count=len(pieces),
        )
        if left_out:
            note += " " + env._(
                "Not PDFs, to attach by hand: %(documents)s.", documents=", ".join(left_out)
            )
        self._log(note)
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/court_request_pdf/{name}?download=true",
            "target": "self",
        }

    def _check_court_request(self):
        if self.procedure not in ORDER_PROCEDURES:
            raise UserError(
                self.env._(
                    "Collection case %(case)s does not follow an injonction de payer: set its "
                    "procedure first.",
                    case=self.name,
                )
            )
        if self.state not in ("draft", "sent", "in_progress"):
            raise UserError(
                self.env._("Collection case %(case)s is closed: no request.", case=self.name)
            )
        if not self.court_name:
            raise UserError(self.env._("Name the court the request goes to."))
        self._check_no_proceedings()
        self._check_procedure_open()

    def _court_request_merge(self, request, pieces):
        """(the request followed by the pieces' PDFs, the titles of the pieces that are
        not PDFs and go to the court beside it)."""
        documents, left_out = [request], []
        for piece in pieces:
            try:
                merge_pdf([piece.content])
            except (PdfReadError, ValueError, TypeError, binascii.Error, KeyError):
                left_out.append(f"{piece.number}. {piece.title}")
                continue
            documents.append(piece.content)
        return merge_pdf(documents), left_out

    def _court_claim(self):
        """What the request claims today, in the case's currency: {principal, interest,
        indemnity, costs, total}. The principal is what the documents still owe; the
        penalties, as counted when the case was drawn up (in the principal once
        invoiced)."""
        self.ensure_one()
        invoiced = bool(self.penalty_move_id)
        claim = {
            "principal": self._net_residual(),
            "interest": 0.0 if invoiced else self.amount_interest,
            "indemnity": 0.0 if invoiced else self.amount_indemnity,
            "costs": self.amount_fees,
        }
        claim["total"] = self.currency_id.round(sum(claim.values()))
        return claim
