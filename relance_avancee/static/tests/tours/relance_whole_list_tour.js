/** @odoo-module **/

import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

// The worklist's footer totals the whole list, not the page's 80 rows: the total
// shown is the server's sum over the list's domain.
registry.category("web_tour.tours").add("relance_avancee_whole_list_tour", {
    steps: () => [
        {
            content: "The list has more rows than its page",
            trigger: ".o_pager_limit",
            run() {
                const limit = Number(document.querySelector(".o_pager_limit").textContent.replace(/\D/g, ""));
                if (limit <= 80) {
                    throw new Error(`only ${limit} rows: the page would be the whole list`);
                }
            },
        },
        {
            content: "The footer's total is the whole list's",
            trigger: ".o_list_footer td:not(:empty), tfoot td:not(:empty)",
            async run() {
                const [totals] = await rpc("/web/dataset/call_kw/relance.worklist/read_group", {
                    model: "relance.worklist",
                    method: "read_group",
                    args: [[], ["amount_residual:sum"], []],
                    // In the companies the list shows (the user's current ones).
                    kwargs: { lazy: false, context: user.context },
                });
                const expected = String(Math.round(totals.amount_residual * 100));
                // The total may come a moment after the rows: wait for it.
                for (let attempt = 0; attempt < 50; attempt++) {
                    const footer = document.querySelector("tfoot").textContent.replace(/\D/g, "");
                    if (footer === expected) {
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                const shown = document.querySelector("tfoot").textContent;
                throw new Error(`the footer shows ${shown}, the list's total is ${expected}`);
            },
        },
    ],
});
