/** @odoo-module **/

import { registry } from "@web/core/registry";

// A Collections manager tunes a level, previews and runs the ladder for one customer,
// approves the formal notice, sends it, and finds it in the invoice's history.
registry.category("web_tour.tours").add("relance_avancee_ladder_tour", {
    url: "/odoo/action-relance_avancee.action_relance_policy",
    steps: () => [
        {
            content: "Open the default policy",
            trigger: ".o_data_row td:contains('Standard ladder (France)')",
            run: "click",
        },
        {
            content: "Open the friendly reminder",
            trigger: ".o_field_widget[name=level_ids] .o_data_row td:contains('Friendly reminder')",
            run: "click",
        },
        {
            content: "Change its minimum gap",
            trigger: ".modal .o_field_widget[name=gap] input",
            run: "edit 2",
        },
        {
            content: "Save the level",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Save the policy",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Open the Collections menu",
            trigger: 'button[data-menu-xmlid="relance_avancee.menu_relance_root"]',
            run: "click",
        },
        {
            content: "Run collections",
            trigger: 'a[data-menu-xmlid="relance_avancee.menu_relance_run_preview"]',
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: ".modal .o_field_widget[name=partner_ids] input",
            run: "edit Tour Customer",
        },
        {
            trigger: ".ui-menu-item a:contains('Tour Customer SARL')",
            run: "click",
        },
        {
            content: "Preview",
            trigger: ".modal button[name=action_preview]",
            run: "click",
        },
        {
            content: "The preview announces a formal notice",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains('Formal notice')",
        },
        {
            content: "Run it for real",
            trigger: ".modal button[name=action_run]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal:contains('Record these communications') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The run recorded one communication",
            trigger: ".o_form_view .o_field_widget[name=communication_count]:contains('1')",
        },
        {
            trigger: 'button[data-menu-xmlid="relance_avancee.menu_relance_root"]',
            run: "click",
        },
        {
            content: "Open the approval queue",
            trigger: 'a[data-menu-xmlid="relance_avancee.menu_relance_communication_to_approve"]',
            run: "click",
        },
        {
            content: "Open the formal notice",
            trigger: ".o_data_row td:contains('Tour Customer SARL')",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        {
            content: "Send it",
            trigger: ".o_form_view button[name=action_send_now]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Sent')",
        },
        {
            trigger: 'button[data-menu-xmlid="account.menu_finance_receivables"]',
            run: "click",
        },
        {
            content: "Open the invoices",
            trigger: 'a[data-menu-xmlid="account.menu_action_move_out_invoice_type"]',
            run: "click",
        },
        {
            content: "Open the customer's invoice",
            trigger: ".o_data_row td:contains('Tour Customer SARL')",
            run: "click",
        },
        {
            content: "Open its Collections tab",
            trigger: ".o_notebook a[name=relance]",
            run: "click",
        },
        {
            content: "The formal notice is in the invoice's history",
            trigger: ".o_field_widget[name=relance_communication_line_ids] .o_data_row:contains('Formal notice')",
        },
    ],
});
