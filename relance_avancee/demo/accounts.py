# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The accounts the demo companies book collections to."""

# The accounts a company on the French chart books collections to: the PCG's accounts
# by their codes, as Odoo's l10n_fr_account ships the plan de comptes of the Autorité
# des normes comptables (règlement n° 2014-03, book II): 7631 "Revenus des créances
# commerciales", 758 "Produits divers de gestion courante", 6228 "Rémunérations
# d'intermédiaires et honoraires - Divers", 6541 "Créances de l'exercice" (under 654
# "Pertes sur créances irrécouvrables"). Which account a company uses is its
# accountant's choice (a setting): these are the demo's.
PCG_ACCOUNTS = {
    "interest": "763100",
    "indemnity": "758000",
    "commission": "622800",
    "bad_debt": "654100",
}
# On another chart: the first account of these types.
GENERIC_ACCOUNT_TYPES = {
    "interest": "income_other",
    "indemnity": "income_other",
    "commission": "expense",
    "bad_debt": "expense",
}


def collections_accounts(env, company):
    """{purpose: account.account} the demo company books penalties, commissions and
    bad debts to: the PCG's on the French chart, else accounts of the right type."""
    Account = env["account.account"].with_company(company)
    domain = Account._check_company_domain(company)
    accounts = {}
    for purpose, account_type in GENERIC_ACCOUNT_TYPES.items():
        account = Account.search([*domain, ("code", "=", PCG_ACCOUNTS[purpose])], limit=1)
        accounts[purpose] = account or Account.search(
            [*domain, ("account_type", "=", account_type)], limit=1
        )
    return accounts
