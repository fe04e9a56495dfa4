/** @odoo-module **/

import { registry } from "@web/core/registry";

// An accountant finds the customers over their credit limit and reads why one of them
// is on credit hold (in French).
registry.category("web_tour.tours").add("relance_avancee_credit_tour", {
    steps: () => [
        {
            content: "Show the customers as a list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Keep only the customers over their credit limit",
            trigger: ".o_filter_menu .o_menu_item:contains('Au-delà de la limite de crédit')",
            run: "click",
        },
        {
            content: "Only Dupont is over its limit: Martin is within its own",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Boulangerie Martin'))) .o_data_row:contains('Menuiserie Dupont')",
        },
        {
            content: "The list says it is on credit hold and over the limit",
            trigger: ".o_data_row:contains('Menuiserie Dupont') .o_field_badge:contains('Au-delà de la limite')",
        },
        {
            content: "Open Dupont",
            trigger: ".o_data_row:contains('Menuiserie Dupont') .o_data_cell[name=complete_name]",
            run: "click",
        },
        {
            content: "A banner says why its sales stop",
            trigger: ".alert-danger:contains('Limite de crédit dépassée')",
        },
        {
            content: "Another banner says what its insurer does not cover",
            trigger: ".alert-warning:contains('Assurance-crédit'):contains('000,00')",
        },
        {
            content: "The header's credit status is the hold, not a light saying all is well",
            trigger: ".o_form_view:not(:has(.oe_title ~ * .o_field_widget[name=relance_credit_light]:visible))",
        },
        {
            content: "Open the Customer Credit tab",
            trigger: ".o_notebook a.nav-link[name=relance_credit_page]:contains('Crédit client')",
            run: "click",
        },
        {
            content: "Its exposure: what it owes and its draft invoice",
            trigger: ".o_field_widget[name=relance_exposure_total]:contains('800,00')",
        },
        {
            content: "Its cover, agreed by the insurer, in the Credit Insurance group",
            trigger: ".o_field_widget[name=relance_insurance_cover_ids] .o_data_row:contains('Assurcrédit SA')",
        },
        {
            content: "The history lists both holds the company's rules set",
            trigger: ".o_field_widget[name=relance_credit_hold_ids] .o_data_row:contains('Échéance en retard depuis trop longtemps')",
            run() {
                // The screenshot taken as the tour ends shows the credit group.
                document.querySelector("[name=relance_exposure_total]").scrollIntoView();
            },
        },
    ],
});
