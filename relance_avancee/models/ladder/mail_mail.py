# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _send(self, *args, **kwargs):
        """A collections email may wait in the queue for hours (the mail server down):
        just before it leaves, what it claims is read again, so that a customer who
        paid meanwhile is not reminded (see relance.communication._hold_emails)."""
        held = self.env["relance.communication"]._hold_emails(self)
        return super(MailMail, (self - held).exists())._send(*args, **kwargs)
