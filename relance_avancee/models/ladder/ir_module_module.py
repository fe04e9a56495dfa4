# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        """Loading this module's terms in a language translates the companies' copies
        of the shipped ladder too: Odoo translates only records with an XML id, and
        each company's copy, made when the company was, has none."""
        result = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if "relance_avancee" in modules and "relance.policy" in self.env:
            self.env["relance.policy"].sudo()._spread_shipped_translations(langs)
        return result
