# Copyright 2026 relance_avancee developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Realistic receivables for demos and benchmarks.

The generator builds, in batches, the kind of book a collections module meets in a
French or Belgian SME: companies and private persons, French- and English-speaking
customers, posted invoices of every age (some not yet due, some more than a year
late), payment terms with several instalments, partial payments, credit notes and
payments received on account. It is used by the module's demo data (small, from the
addon's ``post_init_hook`` when demo data is installed), by the README's demo command
and by the benchmark scripts (up to 20,000 invoices)::

    from odoo.addons.relance_avancee.demo.generator import DemoGenerator
    DemoGenerator(env).generate(customers=2000, invoices=20000, seed=1)

It is plain Python working through an Odoo environment, not a model: a production
database never loads it.
"""

import base64
import io
import itertools
import logging
import random
from datetime import timedelta
from string import ascii_uppercase

from PIL import Image, ImageDraw, ImageFont

from odoo import Command, fields
from odoo.tools import SQL

from .accounts import collections_accounts
from .cases import DemoCases
from .credit import DemoCredit
from .history import DemoHistory
from .plans import DemoPlans

_logger = logging.getLogger(__name__)

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Louis",
    "Hugo",
    "Chloé",
    "Manon",
    "Jules",
    "Emma",
    "Lucas",
    "Inès",
    "Arthur",
    "Sarah",
    "Nathan",
    "Julie",
    "Thomas",
    "Alice",
    "Oliver",
    "Charlotte",
    "George",
    "Amelia",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Peeters",
    "Janssens",
    "Maes",
    "Smith",
    "Jones",
    "Taylor",
]
COMPANY_WORDS = [
    "Boulangerie",
    "Garage",
    "Menuiserie",
    "Pharmacie",
    "Imprimerie",
    "Transports",
    "Cabinet",
    "Atelier",
    "Brasserie",
    "Librairie",
    "Plomberie",
    "Électricité",
    "Fromagerie",
    "Jardinerie",
    "Consulting",
    "Studio",
]
COMPANY_FORMS = {
    "FR": ["SARL", "SAS", "EURL", "SA"],
    "BE": ["SRL", "SA", "SC"],
    "GB": ["Ltd", "LLP"],
}
CITIES = {
    "FR": [
        ("Lyon", "69002"),
        ("Nantes", "44000"),
        ("Lille", "59000"),
        ("Paris", "75011"),
        ("Bordeaux", "33000"),
        ("Toulouse", "31000"),
    ],
    "BE": [("Bruxelles", "1000"), ("Liège", "4000"), ("Namur", "5000"), ("Mons", "7000")],
    "GB": [("London", "EC1A 1BB"), ("Manchester", "M1 1AE")],
}
ITEMS = [
    ("Consulting day", 650.0),
    ("Maintenance contract", 1200.0),
    ("Spare parts", 87.5),
    ("Delivery", 45.0),
    ("Installation", 380.0),
    ("Training session", 950.0),
    ("Printed catalogue", 12.4),
    ("Software licence", 240.0),
]

# The demo companies, keyed by an xml id so that a second call reuses them.
DEMO_COMPANIES = [
    {
        "xmlid": "demo_company_fr",
        "name": "Atelier Lumière SAS",
        "country": "FR",
        "street": "12 rue des Tanneurs",
        "zip": "69001",
        "city": "Lyon",
        "vat": "FR44732829320",
        "company_registry": "732 829 320 00074",
        "relance_legal_form": "SAS",
        "relance_share_capital": "50 000 EUR",
        "relance_trade_register": "RCS Lyon",
        "email": "compta@atelier-lumiere.example",
        "phone": "+33 4 72 00 00 00",
    },
    {
        "xmlid": "demo_company_be",
        "name": "Brasserie du Parc SRL",
        "country": "BE",
        "street": "Rue Royale 45",
        "zip": "1000",
        "city": "Bruxelles",
        "vat": "BE0477472701",
        "company_registry": "0477.472.701",
        "relance_legal_form": "SRL",
        "relance_trade_register": "RPM Bruxelles",
        "email": "comptabilite@brasserie-du-parc.example",
        "phone": "+32 2 000 00 00",
    },
]

BATCH_SIZE = 500


def _demo_logo(name):
    """A plain logo for a demo company (its name on a coloured band, PNG in base64):
    its letters and pages show it, not Odoo's "Your logo" placeholder."""
    image = Image.new("RGB", (360, 96), (38, 70, 83))
    draw = ImageDraw.Draw(image)
    try:
        # The Liberation fonts the letters need (scripts/setup.py installs them).
        font = ImageFont.truetype("LiberationSans-Bold.ttf", 30)
    except OSError:
        font = ImageFont.load_default()
    draw.text((20, 30), name, fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


class DemoGenerator:
    """Builds demo books through ``env``, as the superuser, without chatter noise."""

    def __init__(self, env):
        # Bulk data: no creation messages, followers or tracking on thousands of records.
        self.env = env(
            su=True,
            context=dict(
                env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
            ),
        )

    def load_demo(self):
        """The module's demo data: a small but varied book, and the demo's people
        (the administrator, Marc Demo the collector) working in it."""
        # French may be active without the installed modules' terms (activated by
        # another module, as Odoo's French accounting does): the French company's
        # records, Odoo's own lines included, would be written in English.
        self.env["res.lang"]._activate_lang("fr_FR")
        self._load_french_terms()
        created = self.generate(customers=40, invoices=300, seed=2026)
        self._set_demo_users_companies()
        DemoHistory(self.env).replay(self.get_demo_companies()[:2])
        french = self.get_demo_companies()[0]
        DemoPlans(self.env).make(french)
        DemoCases(self.env).make(french)
        DemoCredit(self.env).make(french)
        self._portal_user(french)
        return created

    def _portal_user(self, company):
        """A customer of the French company on Odoo's portal (``client``/``client``):
        the one with a running payment plan, who sees it, signs and pays there."""
        env = self.env
        if env["res.users"].with_context(active_test=False).search([("login", "=", "client")]):
            return
        plan = env["relance.payment.plan"].search(
            [("company_id", "=", company.id), ("state", "=", "active")], limit=1
        )
        if not plan:
            return
        env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": plan.partner_id.name,
                "login": "client",
                "password": "client",
                "partner_id": plan.partner_id.id,
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.set(env.ref("base.group_portal").ids)],
            }
        )

    def _load_french_terms(self):
        """The installed modules' French terms (Odoo loads a module's terms for the
        languages active when it installs; French activated later has none)."""
        modules = self.env["ir.module.module"].search(
            [("state", "in", ("installed", "to install", "to upgrade"))]
        )
        self.env["ir.module.module"]._load_module_terms(modules.mapped("name"), ["fr_FR"])

    def _set_demo_users_companies(self):
        """The administrator and Marc Demo open in the French demo company, where the
        book is, and may switch to the Belgian one (and keep their first company)."""
        env = self.env
        french, belgian = self.get_demo_companies()[:2]
        users = env.ref("base.user_admin")
        # Marc Demo is base's demo user: there whenever demo data is.
        users |= env.ref("base.user_demo", raise_if_not_found=False) or users.browse()
        users.write(
            {
                "company_ids": [Command.link(french.id), Command.link(belgian.id)],
                "company_id": french.id,
            }
        )
        # Marc Demo collects the French company's customers: their calls, hand-overs,
        # plans and cases are his; the administrator approves.
        marc = env.ref("base.user_demo", raise_if_not_found=False)
        if marc:
            customers = (
                env["account.move"]
                .search([("company_id", "=", french.id), ("move_type", "=", "out_invoice")])
                .commercial_partner_id
            )
            customers.with_company(french).relance_collector_id = marc

    def generate(self, customers=200, invoices=2000, seed=0, companies=None):
        """Create ``customers`` customers and ``invoices`` posted invoices.

        Nine invoices in ten go to the first (French) demo company, the rest to the
        second (Belgian) one. Returns the records created, keyed ``customers``,
        ``invoices``, ``credit_notes`` and ``payments``.
        """
        rng = random.Random(seed)
        env = self.env
        # French first: the companies created below copy the default ladder, names
        # and texts in every language active at that moment. English too: some demo
        # customers read English (a database created with only French loaded has
        # English inactive, and their letters would be dated the French way).
        french = env["res.lang"].with_context(active_test=False).search([("code", "=", "fr_FR")])
        env["res.lang"]._activate_lang("fr_FR")
        env["res.lang"]._activate_lang("en_US")
        if not french.active:
            self._load_french_terms()
        companies = companies or self.get_demo_companies()
        created = {
            "customers": self._create_customers(rng, customers),
            "invoices": env["account.move"],
            "credit_notes": env["account.move"],
            "payments": env["account.payment"],
        }
        today = fields.Date.context_today(self.env.user)
        for index, company in enumerate(companies):
            share = invoices // 10 if index else invoices - invoices // 10 * (len(companies) - 1)
            book = self._generate_company_book(
                rng, company.sudo(), created["customers"], share, today
            )
            for key, records in book.items():
                created[key] |= records
        return created

    # ------------------------------------------------------------------
    # Companies and customers
    # ------------------------------------------------------------------
    def get_demo_companies(self):
        """Return the demo companies, creating them (and their chart) once."""
        env = self.env
        euro = env.ref("base.EUR")
        if not euro.active:
            euro.active = True
        companies = env["res.company"]
        for spec in DEMO_COMPANIES:
            company = env.ref(f"relance_avancee.{spec['xmlid']}", raise_if_not_found=False)
            if not company:
                company = self._create_demo_company(spec, euro)
            companies |= company
        # The demo users work in both companies.
        for user in env.ref("base.user_admin") | env.ref("base.user_root"):
            user.company_ids = [Command.link(company.id) for company in companies]
        return companies

    def _create_demo_company(self, spec, currency):
        env = self.env
        vals = {key: value for key, value in spec.items() if key not in ("xmlid", "country")}
        vals.update(
            country_id=env.ref(f"base.{spec['country'].lower()}").id,
            currency_id=currency.id,
        )
        if "iap_enrich_auto_done" in env["res.company"]._fields:
            # partner_autocomplete (auto-installed with mail) would look the fictitious
            # company up on an outside service at creation: mark it as already done.
            vals["iap_enrich_auto_done"] = True
        # chart_template_load: the company gets the generic chart below; without the
        # flag, creating a French or Belgian company outside installation installs
        # l10n_fr/l10n_be and loads their chart over it at commit.
        vals["logo"] = _demo_logo(spec["name"])
        company = env["res.company"].with_context(chart_template_load=True).create(vals)
        # Its people read French (the Brussels company too): the module writes its
        # notes, activities and names in the company's language.
        company.partner_id.lang = "fr_FR"
        env["ir.model.data"].create(
            {
                "module": "relance_avancee",
                "name": spec["xmlid"],
                "model": "res.company",
                "res_id": company.id,
                "noupdate": True,
            }
        )
        env.user.company_ids = [Command.link(company.id)]
        # `_load` rather than `try_loading`: the module's demo data runs this before the
        # registry is fully loaded, which `try_loading` warns about. Nothing loaded
        # after this module contributes to the charts loaded here, so the warning's
        # risk (templates of modules not yet loaded) does not apply. A French company
        # keeps the French chart (the PCG) when Odoo's French accounting is installed
        # (the README's demo command installs it first); else the generic chart.
        env["account.chart.template"]._load(
            self._chart_template(spec["country"]), company, install_demo=False
        )
        # The generic chart sets a US fiscal country and so the dollar; the demo
        # companies are French and Belgian SMEs, so they keep accounting in euros.
        company.currency_id = currency
        self._set_up_collections(company, spec["country"])
        return company

    def _chart_template(self, country):
        """The chart a demo company keeps: its country's when Odoo's localisation of
        it is installed (France: l10n_fr_account, the PCG), else the generic one."""
        modules = {"FR": ("l10n_fr_account", "fr")}
        if country in modules:
            module, template = modules[country]
            if self.env["ir.module.module"]._get(module).state == "installed":
                return template
        return "generic_coa"

    def _set_up_collections(self, company, country):
        """What the demo company collects with: a bank account with an IBAN (the
        letters' QR code) and the accounts its penalty invoices credit."""
        env = self.env
        bank_journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        iban = "FR7630006000011234567890189" if country == "FR" else "BE71096123456769"
        bank_journal.bank_account_id = env["res.partner.bank"].create(
            {
                "acc_number": iban,
                "partner_id": company.partner_id.id,
                "company_id": company.id,
            }
        )
        accounts = collections_accounts(env, company)
        company.write(
            {
                "relance_bank_account_id": bank_journal.bank_account_id.id,
                "relance_interest_account_id": accounts["interest"].id,
                "relance_indemnity_account_id": accounts["indemnity"].id,
            }
        )

    def _create_customers(self, rng, count):
        env = self.env
        countries = {
            country.code: country
            for country in env["res.country"].search([("code", "in", list(CITIES))])
        }
        vals_list = []
        taken = set(
            env["res.partner"]
            .with_context(active_test=False)
            .search([("ref", "=like", "C_____")])
            .mapped("name")
        )
        # A fixed rotation rather than a draw, so that even a small book has every kind:
        # 7 French, 2 Belgian, 1 British customer in 10; 7 companies, 3 persons.
        rotation = ["FR", "BE", "FR", "FR", "GB", "FR", "BE", "FR", "FR", "FR"]
        for number in range(count):
            country = rotation[number % 10]
            city, zip_code = rng.choice(CITIES[country])
            is_company = number % 10 in (0, 2, 3, 5, 6, 8, 9)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if is_company:
                word, form = rng.choice(COMPANY_WORDS), rng.choice(COMPANY_FORMS[country])
                candidates = itertools.chain(
                    (f"{word} {last} {form}", f"{word} {last} {city} {form}"),
                    (f"{word} {last} {city} {index} {form}" for index in itertools.count(2)),
                )
            else:
                candidates = itertools.chain(
                    (f"{first} {last}",),
                    (f"{first} {initial}. {last}" for initial in ascii_uppercase),
                    (f"{first} {last} ({city} {index})" for index in itertools.count(2)),
                )
            # Two customers never share a name: a collector tells them apart by it.
            # No draw here, so that the seed gives the same book as before.
            name = next(candidate for candidate in candidates if candidate not in taken)
            taken.add(name)
            vals_list.append(
                {
                    # The customer's code goes to its reference, as a book keeps it:
                    # a name with a code in it would greet "Dear Studio Jones (00007)".
                    "name": name,
                    "ref": f"C{number + 1:05d}",
                    "is_company": is_company,
                    "company_type": "company" if is_company else "person",
                    "lang": "en_US" if country == "GB" else "fr_FR",
                    "country_id": countries[country].id,
                    "street": f"{rng.randint(1, 180)} rue du Commerce",
                    "zip": zip_code,
                    "city": city,
                    "email": f"client{number + 1:05d}@customers.example",
                    "phone": f"+33 6 {rng.randint(10, 99)} {rng.randint(10, 99)} "
                    f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                    # Shared between the demo companies, as in a group of companies.
                    "company_id": False,
                }
            )
        return env["res.partner"].create(vals_list)

    # ------------------------------------------------------------------
    # Invoices, credit notes, payments
    # ------------------------------------------------------------------
    def _get_payment_terms(self):
        env = self.env
        terms = (
            env.ref("account.account_payment_term_immediate")
            | env.ref("account.account_payment_term_30days")
            | env.ref("account.account_payment_term_45days")
            | env.ref("account.account_payment_term_end_following_month")
            | env.ref("account.account_payment_term_advance_60days")
        )
        three_times = env.ref(
            "relance_avancee.demo_payment_term_3_instalments", raise_if_not_found=False
        )
        if not three_times:
            three_times = env["account.payment.term"].create(
                {
                    "name": "3 instalments: 30, 60 and 90 days",
                    "line_ids": [
                        Command.create({"value": "percent", "value_amount": 34.0, "nb_days": 30}),
                        Command.create({"value": "percent", "value_amount": 33.0, "nb_days": 60}),
                        Command.create({"value": "percent", "value_amount": 33.0, "nb_days": 90}),
                    ],
                }
            )
            env["ir.model.data"].create(
                {
                    "module": "relance_avancee",
                    "name": "demo_payment_term_3_instalments",
                    "model": "account.payment.term",
                    "res_id": three_times.id,
                    "noupdate": True,
                }
            )
        return terms | three_times

    def _generate_company_book(self, rng, company, partners, count, today):
        env = self.env["res.company"].with_company(company).env
        terms = self._get_payment_terms()
        tax = company.account_sale_tax_id
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
        )
        invoice_vals = []
        for __ in range(count):
            # Most invoices are recent; a tail is more than a year old.
            age = min(int(rng.expovariate(1 / 70)), 540)
            lines = [
                Command.create(
                    {
                        "name": item,
                        "quantity": rng.randint(1, 6),
                        "price_unit": round(price * rng.uniform(0.6, 1.8), 2),
                        "tax_ids": [Command.set(tax.ids)],
                    }
                )
                for item, price in rng.sample(ITEMS, rng.randint(1, 3))
            ]
            invoice_vals.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": rng.choice(partners).id,
                    "invoice_date": today - timedelta(days=age),
                    "invoice_payment_term_id": rng.choice(terms).id,
                    "journal_id": journal.id,
                    "company_id": company.id,
                    "invoice_line_ids": lines,
                }
            )
        # Posting in date order keeps the sequence chronological.
        invoice_vals.sort(key=lambda vals: vals["invoice_date"])
        moves = self._create_and_post(env["account.move"], invoice_vals, company)
        return {
            "invoices": moves,
            "credit_notes": self._create_credit_notes(rng, moves, today),
            "payments": self._create_payments(rng, company, moves, today),
        }

    def _create_and_post(self, model, vals_list, company):
        """Create and post the records of ``vals_list`` in batches; return them."""
        records = model.browse()
        for start in range(0, len(vals_list), BATCH_SIZE):
            batch = model.create(vals_list[start : start + BATCH_SIZE])
            batch.action_post()
            records |= batch
            self._refresh_statistics()
            _logger.info(
                "relance demo data: %s/%s %s posted for %s",
                len(records),
                len(vals_list),
                model._description,
                company.name,
            )
        return records

    def _refresh_statistics(self):
        """Let PostgreSQL see the rows this transaction added.

        The whole book is generated in one transaction, which autovacuum cannot
        analyse: without fresh statistics the planner keeps the plans of the empty
        tables it saw at the start, and each batch gets slower than the one before.
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "ANALYZE %s, %s, %s",
                SQL.identifier("account_move"),
                SQL.identifier("account_move_line"),
                SQL.identifier("account_partial_reconcile"),
            )
        )

    def _create_credit_notes(self, rng, invoices, today):
        """One invoice in twenty gets a partial credit note left open on the account."""
        chosen = invoices.filtered(lambda move: rng.random() < 0.05)
        vals_list = [
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "invoice_date": min(today, invoice.invoice_date + timedelta(days=10)),
                "journal_id": invoice.journal_id.id,
                "company_id": invoice.company_id.id,
                "invoice_origin": invoice.name,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Commercial gesture",
                            "quantity": 1,
                            "price_unit": round(invoice.amount_untaxed * 0.1, 2),
                            "tax_ids": [Command.set(invoice.invoice_line_ids[:1].tax_ids.ids)],
                        }
                    )
                ],
            }
            for invoice in chosen
        ]
        refunds = invoices.env["account.move"].create(vals_list)
        refunds.action_post()
        return refunds

    def _create_payments(self, rng, company, invoices, today):
        """Pay most old invoices in full, some in part, and leave a few payments on account.

        Payments are created and posted in batches, then matched with their invoice's
        receivable lines, oldest instalment first, the way a bank reconciliation would.
        """
        env = invoices.env
        plans = self._plan_payments(rng, invoices, today)
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        vals_list = [
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": invoice.commercial_partner_id.id,
                "amount": amount,
                "date": min(today, invoice.invoice_date + timedelta(days=rng.randint(5, 60))),
                "journal_id": journal.id,
                "company_id": company.id,
                "memo": invoice.name,
            }
            for invoice, amount, __ in plans
        ]
        payments = self._create_and_post(env["account.payment"], vals_list, company)
        self._reconcile_payments(payments, plans)
        return payments

    @staticmethod
    def _plan_payments(rng, invoices, today):
        """[(invoice, amount, matched)]: most old invoices paid in full, some in part,
        a few payments left on account (not matched)."""
        plans = []
        for invoice in invoices:
            age = (today - invoice.invoice_date).days
            draw = rng.random()
            if age > 20 and draw < 0.55:
                plans.append((invoice, invoice.amount_total, True))
            elif draw < 0.70:
                part = round(invoice.amount_total * rng.choice([0.2, 0.3, 0.5]), 2)
                plans.append((invoice, part, True))
            elif draw < 0.72:
                # Money received but not matched with any invoice yet.
                plans.append((invoice, round(invoice.amount_total * 0.25, 2), False))
        return plans

    def _reconcile_payments(self, payments, plans):
        """Match each payment with its invoice's receivable lines, oldest instalment
        first, in one reconciliation plan per batch, as a bank reconciliation would."""
        env = payments.env
        reconciliation_plan = []
        for payment, (invoice, __, matched) in zip(payments, plans, strict=True):
            if not matched:
                continue
            receivable = invoice.line_ids.filtered(
                lambda line: line.account_type == "asset_receivable" and not line.reconciled
            )
            account = receivable[:1].account_id
            counterpart = payment.move_id.line_ids.filtered(
                lambda line, account=account: line.account_id == account
            )
            reconciliation_plan.append(receivable.sorted("date_maturity") + counterpart)
        for start in range(0, len(reconciliation_plan), BATCH_SIZE):
            env["account.move.line"]._reconcile_plan(
                reconciliation_plan[start : start + BATCH_SIZE]
            )
            self._refresh_statistics()
