# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ...engine import ladder

# The boolean fields that make a level do something.
CHANNEL_FIELDS = (
    "channel_email",
    "channel_letter",
    "channel_registered_letter",
    "channel_call",
    "channel_hand_over",
    "channel_note",
)


class RelanceLevel(models.Model):
    _name = "relance.level"
    _inherit = ["relance.checked.mixin"]
    _description = "Collections level"
    _order = "policy_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(required=True, default=10)
    policy_id = fields.Many2one(
        "relance.policy", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    delay = fields.Integer(
        "Days After Due Date",
        required=True,
        help="The level is reached this many days after the due date (negative: a "
        "reminder before it).",
    )
    gap = fields.Integer(
        "Minimum Gap (Days)",
        default=7,
        help="Minimum number of days since the customer's previous communication.",
    )
    formal_notice = fields.Boolean(
        help="This level is a formal notice (mise en demeure): a consumer's first "
        "communication never is one.",
    )
    requires_validation = fields.Boolean(
        "Manual Validation",
        help="Communications of this level wait in the approval queue until a "
        "Collections user approves them.",
    )
    channel_email = fields.Boolean("Email")
    mail_template_id = fields.Many2one(
        "mail.template",
        "Email Template",
        domain=[("model", "=", "relance.communication")],
        # A level that sends emails keeps its template.
        ondelete="restrict",
    )
    attach_invoices = fields.Boolean(help="Attach the invoices' PDF to the email.")
    channel_letter = fields.Boolean("Letter")
    channel_registered_letter = fields.Boolean("Registered Letter")
    channel_call = fields.Boolean("Phone Call")
    call_script = fields.Html(translate=True)
    channel_hand_over = fields.Boolean("Hand Over")
    channel_note = fields.Boolean("Internal Note")
    note = fields.Html("Internal Note Text", translate=True)
    letter_text = fields.Html(
        translate=True,
        help="The body of this level's printed letter, between the list of amounts due "
        "and the ways to pay. Empty: the standard text of a first reminder, a later "
        "reminder or a formal notice.",
    )
    payment_deadline_days = fields.Integer(
        "Deadline (Days)",
        default=8,
        help="Letters of this level ask for payment within this many days of their date.",
    )

    @api.constrains(*CHANNEL_FIELDS)
    def _check_has_action(self):
        for level in self:
            if not any(level[name] for name in CHANNEL_FIELDS):
                raise ValidationError(
                    self.env._(
                        "Level %(level)s does nothing: tick at least one action "
                        "(email, letter, registered letter, call, hand-over or note).",
                        level=level.name,
                    )
                )

    @api.constrains("payment_deadline_days")
    def _check_payment_deadline(self):
        for level in self.filtered(lambda level: level.payment_deadline_days < 1):
            raise ValidationError(
                self.env._(
                    "Level %(level)s gives %(days)s days to pay: a deadline is at least "
                    "one day after the letter.",
                    level=level.name,
                    days=level.payment_deadline_days,
                )
            )

    @api.constrains("channel_email", "mail_template_id")
    def _check_email_template(self):
        for level in self.filtered(
            lambda level: level.channel_email and not level.mail_template_id
        ):
            raise ValidationError(
                self.env._(
                    "Level %(level)s sends an email but has no email template: choose one.",
                    level=level.name,
                )
            )
        for level in self.filtered(
            lambda level: level.mail_template_id
            and level.mail_template_id.model != "relance.communication"
        ):
            raise ValidationError(
                self.env._(
                    "The email template of level %(level)s is made for %(model)s, not for "
                    "collections communications.",
                    level=level.name,
                    model=level.mail_template_id.model_id.name,
                )
            )

    @api.constrains("delay", "sequence", "policy_id")
    def _check_delays_increase(self):
        for policy in self.policy_id:
            levels = policy.level_ids.sorted("sequence")
            for previous, level in pairwise(levels):
                if level.sequence == previous.sequence:
                    raise ValidationError(
                        self.env._(
                            "In policy %(policy)s, levels %(level)s and %(previous)s have "
                            "the same sequence: give each level its own place in the ladder.",
                            policy=policy.name,
                            level=level.name,
                            previous=previous.name,
                        )
                    )
                if level.delay <= previous.delay:
                    raise ValidationError(
                        self.env._(
                            "In policy %(policy)s, level %(level)s (%(delay)s days) "
                            "must come later than level %(previous)s (%(previous_delay)s "
                            "days): delays must increase with the sequence.",
                            policy=policy.name,
                            level=level.name,
                            delay=level.delay,
                            previous=previous.name,
                            previous_delay=previous.delay,
                        )
                    )

    def write(self, vals):
        policies = self.policy_id
        result = super().write(vals)
        if "policy_id" in vals:
            # The policy a level left is not written: its own check would not run.
            policies._check_default_has_levels()
        return result

    def unlink(self):
        policies = self.policy_id
        result = super().unlink()
        policies.exists()._check_default_has_levels()
        return result

    def _to_engine(self):
        self.ensure_one()
        return ladder.Level(
            id=self.id,
            sequence=self.sequence,
            delay=self.delay,
            gap=self.gap,
            formal_notice=self.formal_notice,
            hand_over=self.channel_hand_over,
            deadline=self.payment_deadline_days,
            registered=self.channel_registered_letter,
        )

    def _channel_labels(self):
        """Translated names of the level's actions, for the history."""
        self.ensure_one()
        return [
            self._fields[name].get_description(self.env)["string"]
            for name in CHANNEL_FIELDS
            if self[name]
        ]
