# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Sending a collection case to its recipient: the case file exported afresh and
emailed with it, the email kept in the case's chatter."""

from odoo import fields, models
from odoo.exceptions import UserError

from .relance_collection_case import OPEN_STATES


# One file per concern of relance.collection.case: the split is the point.
class RelanceCollectionCase(models.Model):
    _inherit = "relance.collection.case"  # pylint: disable=consider-merging-classes-inherited

    file_sent_date = fields.Datetime("Case File Sent On", readonly=True, copy=False)

    def action_send_file(self):
        """Email the case file to the recipient; a draft case is sent with it. A case
        file whose debtor's identity is incomplete goes only if its last export was
        forced, for the same reason."""
        for case in self:
            case._check_state(OPEN_STATES, self.env._("sent to its recipient"))
            if not case.recipient_id.email:
                raise UserError(
                    self.env._(
                        "%(recipient)s has no email address: add it, or send the case file "
                        "another way (Download) and mark the case as sent.",
                        recipient=case.recipient_id.name,
                    )
                )
            reason = case.file_forced_reason or ""
            if case._missing_data() and not reason:
                raise UserError(
                    self.env._(
                        "The case file of %(case)s lacks %(missing)s: complete the customer, or "
                        "export the case file anyway with a reason first.",
                        case=case.name,
                        missing="; ".join(case._missing_labels(case._missing_data())),
                    )
                )
            if case.state == "draft":
                case.action_mark_sent()
            attachment = case._export_file(reason)
            case.message_post_with_source(
                "relance_avancee.mail_template_relance_case_file",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=case.recipient_id.ids,
                attachment_ids=attachment.ids,
            )
            case.file_sent_date = fields.Datetime.now()
        return True
