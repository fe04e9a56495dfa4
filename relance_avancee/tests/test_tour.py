# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCollectionsTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collections_user = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Colette Collector",
                    "login": "colette",
                    "password": "colette-pass-2026",
                    "groups_id": [
                        Command.set(cls.env.ref("relance_avancee.group_relance_user").ids)
                    ],
                }
            )
        )

    def test_collections_user_opens_receivables(self):
        self.start_tour("/odoo", "relance_avancee_collections_menu", login="colette")
