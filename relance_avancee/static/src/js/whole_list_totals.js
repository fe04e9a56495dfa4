/** @odoo-module **/

import { onWillStart, onWillUpdateProps } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat, formatInteger, formatMonetary } from "@web/views/fields/formatters";
import { ListRenderer } from "@web/views/list/list_renderer";
import { listView } from "@web/views/list/list_view";

// The list view "relance_whole_list": its footer totals are the whole list's, not
// the page's. Odoo's list sums the rows it loaded (80 a page); when there are more,
// this one asks the server for the totals over the list's domain, as a grouped list
// does for its groups. A monetary total carries its currency when every row shares
// one, a dash otherwise (its currency field must be stored, to group by it). A
// selection still totals the selected rows.

function currencyFieldOf(column, field) {
    return (column.options && column.options.currency_field) || field.currency_field || "currency_id";
}

export class RelanceWholeListRenderer extends ListRenderer {
    setup() {
        super.setup();
        this.relanceOrm = useService("orm");
        this.wholeList = { key: false, totals: false };
        // Read before the list renders (first, and on each reload: new search,
        // new count), so that the footer never shows the page's sum meanwhile.
        onWillStart(() => this.loadWholeListTotals(this.props.list));
        onWillUpdateProps((nextProps) => this.loadWholeListTotals(nextProps.list));
    }

    get summedColumns() {
        // The arch's columns: the renderer's own are computed after it starts.
        return this.props.archInfo.columns.filter(
            (column) =>
                column.type === "field" &&
                column.attrs.sum &&
                ["integer", "float", "monetary"].includes(this.fields[column.name].type)
        );
    }

    wholeListKey(list) {
        if (list.isGrouped || list.count <= list.records.length) {
            return false;
        }
        return JSON.stringify([list.resModel, list.domain, list.count, list.context.allowed_company_ids]);
    }

    async loadWholeListTotals(list) {
        const key = this.wholeListKey(list);
        if (!key || key === this.wholeList.key) {
            return;
        }
        // One question per currency field, grouped by it: a single group is a
        // single currency. Sums of plain numbers come with any of them.
        const byCurrency = {};
        const plain = [];
        for (const column of this.summedColumns) {
            const field = this.fields[column.name];
            if (field.type === "monetary") {
                const currencyField = currencyFieldOf(column, field);
                (byCurrency[currencyField] = byCurrency[currencyField] || []).push(column.name);
            } else {
                plain.push(column.name);
            }
        }
        const questions = Object.entries(byCurrency);
        if (!questions.length) {
            questions.push([false, []]);
        }
        questions[0][1].push(...plain);
        const answers = await Promise.all(
            questions.map(([currencyField, names]) =>
                this.relanceOrm.readGroup(
                    list.resModel,
                    list.domain,
                    names.map((name) => `${name}:sum`),
                    currencyField ? [currencyField] : [],
                    { lazy: false, context: list.context }
                )
            )
        );
        const totals = {};
        questions.forEach(([currencyField, names], index) => {
            const groups = answers[index];
            for (const name of names) {
                totals[name] = {
                    value: groups.reduce((sum, group) => sum + (group[name] || 0), 0),
                    currencyId:
                        currencyField && groups.length === 1 && groups[0][currencyField]
                            ? groups[0][currencyField][0]
                            : false,
                };
            }
        });
        this.wholeList = { key, totals };
    }

    get aggregates() {
        const aggregates = super.aggregates;
        const list = this.props.list;
        const key = this.wholeListKey(list);
        if (!key || this.wholeList.key !== key || (list.selection && list.selection.length)) {
            return aggregates;
        }
        const totals = this.wholeList.totals;
        for (const column of this.summedColumns) {
            const name = column.name;
            if (name in this.optionalActiveFields && !this.optionalActiveFields[name]) {
                continue;
            }
            if (!(name in totals)) {
                continue;
            }
            const field = this.fields[name];
            const { value, currencyId } = totals[name];
            let text;
            if (field.type === "monetary") {
                if (!currencyId) {
                    aggregates[name] = {
                        help: _t("Different currencies cannot be aggregated"),
                        value: "—",
                    };
                    continue;
                }
                text = formatMonetary(value, { currencyId });
            } else if (field.type === "integer") {
                text = formatInteger(value);
            } else {
                const digits = column.attrs.digits ? JSON.parse(column.attrs.digits) : field.digits;
                text = formatFloat(value, { digits });
            }
            aggregates[name] = { help: column.attrs.sum, value: text };
        }
        return aggregates;
    }
}

registry.category("views").add("relance_whole_list", {
    ...listView,
    Renderer: RelanceWholeListRenderer,
});
