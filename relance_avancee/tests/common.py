# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class RelanceCommon(AccountTestInvoicingCommon):
    """Accounting data of ``AccountTestInvoicingCommon`` plus collections users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collections_user = cls._create_relance_user(
            "relance_user", "relance_avancee.group_relance_user"
        )
        cls.salesperson = cls._create_relance_user("salesperson", "base.group_user")

    @classmethod
    def _create_relance_user(cls, login, group_xmlid):
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "password": login + "-pass-2026",
                    "email": f"{login}@example.com",
                    "company_id": cls.env.company.id,
                    "company_ids": [Command.set(cls.env.company.ids)],
                    "groups_id": [Command.set(cls.env.ref(group_xmlid).ids)],
                }
            )
        )
