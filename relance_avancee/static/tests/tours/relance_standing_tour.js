/** @odoo-module **/

import { registry } from "@web/core/registry";

// A collector opens a late customer and reads where it stands (in French).
registry.category("web_tour.tours").add("relance_avancee_standing_tour", {
    steps: () => [
        {
            content: "Open the customer's Collections tab",
            trigger: ".o_notebook a.nav-link[name=relance]",
            run: "click",
        },
        {
            content: "The standing says how late the oldest invoice is",
            trigger: ".o_field_widget[name=relance_oldest_days_late]:contains('40')",
        },
        {
            content: "…which level it reached",
            trigger: ".o_field_widget[name=relance_level_reached_id]:contains('Relance amiable')",
        },
        {
            content: "…and what comes next",
            trigger: ".o_field_widget[name=relance_next_level_id]:contains('Deuxième relance')",
        },
        {
            content: "The overdue amount is a smart button, with its currency",
            trigger:
                ".oe_stat_button[name=action_relance_open_receivables] .o_field_monetary:contains('900')",
        },
        {
            content: "The statement of account is sent or printed from the tab's first buttons",
            trigger: "button[name=action_relance_send_statement]:contains('Envoyer le relevé') + button[name=action_relance_print_statement]",
        },
        {
            content: "The open items: the invoice and the credit note",
            trigger: ".o_field_widget[name=relance_open_line_ids] .o_data_row:nth-child(2)",
        },
        {
            content: "…with their total",
            trigger: ".o_field_widget[name=relance_open_line_ids] tfoot:contains('900,00')",
        },
        {
            content: "No empty section: no payment plan, no case, no promise yet",
            trigger: ".o_notebook:not(:has(.o_field_widget[name=relance_payment_plan_ids]:visible)):not(:has(.o_field_widget[name=relance_promise_ids]:visible))",
        },
        {
            content: "The recipient's section is for agencies and commissaires only",
            trigger: ".o_notebook:not(:has(.o_field_widget[name=relance_collection_role]:visible))",
        },
        {
            content: "The history lists the reminder with its channels",
            trigger: ".o_field_widget[name=relance_communication_ids] .o_data_row:contains('E-mail')",
            run() {
                // The screenshot taken as the tour ends shows the whole tab.
                document.querySelector(".o_notebook").scrollIntoView();
            },
        },
    ],
});
