/** @odoo-module **/

import { registry } from "@web/core/registry";

// A collector weighs the next step for a customer after the formal notice (in
// French): the table lists the procedures open to its debt, their cost and why.
registry.category("web_tour.tours").add("relance_avancee_next_step_tour", {
    steps: () => [
        {
            content: "Open the Collections tab",
            trigger: ".o_notebook a.nav-link[name=relance]",
            run: "click",
        },
        {
            content: "Weigh the next step",
            trigger: "button[name=action_relance_weigh_procedures]",
            run: "click",
        },
        {
            content: "The injonction de payer before the commercial court is open, at its cost",
            trigger:
                ".modal .o_data_row:has(td:contains('Injonction de payer, tribunal de commerce')):has(.badge:contains('Ouverte')) td[name=amount_cost]:contains('€')",
        },
        {
            content: "The small-claims procedure says why it is not open",
            trigger:
                ".modal .o_data_row:has(td:contains('Petites créances')) td[name=reasons]:contains('dépasse le plafond')",
        },
        {
            content: "The agency is weighed under its mandate",
            trigger: ".modal .o_data_row:has(td:contains('Recouvrement Rhône SARL'))",
            run: "hover",
        },
    ],
});
