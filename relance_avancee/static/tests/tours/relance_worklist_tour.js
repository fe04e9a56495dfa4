/** @odoo-module **/

import { registry } from "@web/core/registry";

// A collector works the receivables to collect (in French): the most overdue
// first, a promise recorded from its row, the customers' groups with their totals.
registry.category("web_tour.tours").add("relance_avancee_worklist_tour", {
    steps: () => [
        {
            content: "The most overdue instalment comes first, with its days late",
            trigger:
                ".o_data_row:first-child:has(.o_data_cell[name=partner_id]:contains('Menuiserie Dupont SARL')):has(.o_data_cell[name=days_late]:contains('70'))",
        },
        {
            content: "…the level it reached and the next action planned",
            trigger:
                ".o_data_row:first-child:has(.o_data_cell[name=level_id]:contains('Relance amiable')):has(.o_data_cell[name=next_level_id]:contains('Deuxième relance'))",
        },
        {
            content: "Record a promise to pay from the row",
            trigger: ".o_data_row:first-child button[name=action_record_promise]",
            run: "click",
        },
        {
            content: "The promise is the customer's, for the row's amount",
            trigger: ".modal .o_field_widget[name=partner_id] input",
            run() {
                const customer = document.querySelector(".modal [name=partner_id] input").value;
                const amount = document.querySelector(".modal [name=amount] input").value;
                if (customer !== "Menuiserie Dupont SARL" || !amount.startsWith("1")) {
                    throw new Error(`the promise is not prefilled: ${customer}, ${amount}`);
                }
            },
        },
        {
            trigger: ".modal .o_field_widget[name=date] input",
            run: "edit 31/12/2099",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Keep the promised items only",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: ".o_filter_menu .o_menu_item:contains('Promise')",
            run: "click",
        },
        {
            content: "Group them by customer",
            trigger: ".o_group_by_menu .o_menu_item:contains('Client')",
            run: "click",
        },
        {
            content: "The customer's group shows its total, with the currency sign",
            trigger: ".o_group_header:contains('Menuiserie Dupont SARL')",
            run() {
                const header = document.querySelector(".o_group_header");
                if (!/[€$]/.test(header.textContent)) {
                    throw new Error(`no currency sign in the group's total: ${header.textContent}`);
                }
            },
        },
        {
            content: "Open the group",
            trigger: ".o_group_header:contains('Menuiserie Dupont SARL')",
            run: "click",
        },
        {
            content: "Its rows are there, marked as promised",
            trigger: ".o_data_row .o_data_cell[name=suspension]:contains('Promise')",
        },
    ],
});
