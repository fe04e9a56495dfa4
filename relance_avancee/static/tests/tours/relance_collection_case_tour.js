/** @odoo-module **/

import { registry } from "@web/core/registry";

// A collector hands a customer's overdue invoices over to a collection agency (in
// French): the case opens from the customer's Collections tab with its invoices and
// the penalties, the agency's usual mandate follows it, and the case is sent.
registry.category("web_tour.tours").add("relance_avancee_collection_case_tour", {
    steps: () => [
        {
            content: "Open the Collections tab",
            trigger: ".o_notebook a.nav-link[name=relance]",
            run: "click",
        },
        {
            content: "Open a collection case",
            trigger: "button[name=action_relance_collection_case]",
            run: "click",
        },
        {
            content: "The overdue invoice is in the case",
            trigger: ".o_field_widget[name=move_ids] .o_tag:contains('INV/')",
        },
        {
            content: "Choose the agency",
            trigger: ".o_field_widget[name=recipient_id] input",
            run: "edit Recouvrement",
        },
        {
            trigger: ".ui-menu-item a:contains('Recouvrement Rhône SARL')",
            run: "click",
        },
        {
            content: "Its usual mandate follows: 12 % and a fixed fee",
            trigger: ".o_field_widget[name=commission_rate] input:value(12,00)",
        },
        {
            content: "Save the case",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The principal and the penalties are claimed",
            trigger: ".o_field_widget[name=amount_principal]:contains('1 500,00')",
        },
        {
            content: "Send it to the agency",
            trigger: "button[name=action_mark_sent]",
            run: "click",
        },
        {
            content: "The case is with the agency",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Envoyé')",
        },
    ],
});
