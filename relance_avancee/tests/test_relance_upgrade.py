# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""After an upgrade from the previous version of the addon (the test command builds
that database from this repository's history, a manager having corrected one shipped
rate): what the migration scripts must have done. Not run on a fresh install."""

from odoo.tests import TransactionCase, tagged


@tagged("-standard", "relance_upgrade", "post_install", "-at_install")
class TestRelanceUpgradeFromPrevious(TransactionCase):
    def test_the_addon_is_at_its_new_version(self):
        module = self.env["ir.module.module"].search([("name", "=", "relance_avancee")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(module.latest_version, "18.0.2.0.0")

    def test_levels_keep_their_channels_under_their_new_names(self):
        # scripts/upgrade_fixture.sql changed two levels before the upgrade.
        formal_notice = self.env.ref("relance_avancee.relance_level_fr_formal_notice")
        self.assertTrue(formal_notice.channel_call)
        self.assertTrue(formal_notice.channel_registered_letter)
        friendly = self.env.ref("relance_avancee.relance_level_fr_friendly")
        self.assertRecordValues(
            friendly, [{"channel_email": False, "channel_letter": True, "channel_call": False}]
        )
        # Every level still does something, and every company's ladder is whole.
        levels = self.env["relance.level"].search([])
        self.assertTrue(levels)
        for level in levels:
            self.assertTrue(level._channel_labels(), level.name)
        channels = ("email", "letter", "registered_letter", "call", "hand_over", "note")
        fields = self.env["ir.model.fields"].search(
            [
                ("model", "in", ("relance.level", "relance.communication")),
                ("name", "in", [f"action_{channel}" for channel in channels]),
            ]
        )
        self.assertFalse(fields, "no field keeps the old name")
        renamed = self.env.ref("relance_avancee.field_relance_level__channel_email")
        self.assertEqual(renamed.name, "channel_email")

    def test_shipped_rates_cite_their_sources_unless_a_manager_changed_them(self):
        rates = self.env["relance.rate"].search([])
        corrected = self.env.ref("relance_avancee.relance_rate_ecb_2022_h1")
        self.assertEqual(corrected.source, "Corrected by the manager")
        cited = rates - corrected
        self.assertEqual(len(cited), 36)
        self.assertFalse(cited.filtered(lambda rate: not rate.source))
        unverified = self.env.ref("relance_avancee.relance_rate_ecb_2026_h2")
        self.assertFalse(unverified.verified)
        self.assertIn("Not read in any source", unverified.source)
        self.assertEqual(
            (cited - unverified).filtered(lambda rate: not rate.source_url.startswith("https://")),
            self.env["relance.rate"],
        )
        self.assertEqual(rates.filtered(lambda rate: not rate.verified), unverified)
        # Still noupdate: a later upgrade leaves a manager's corrections alone.
        data = self.env["ir.model.data"].search(
            [("module", "=", "relance_avancee"), ("model", "=", "relance.rate")]
        )
        self.assertTrue(all(data.mapped("noupdate")))
