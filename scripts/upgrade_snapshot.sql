-- What a database of the previous version holds, taken just before the upgrade (run by
-- scripts/run_tests.py after upgrade_fixture.sql): for every table of the addon's models,
-- its row count and its first rows; for the models it extends, the addon's stored
-- columns of their first rows. The upgrade test (tests/test_relance_upgrade.py) reads it
-- back after the upgrade: every record, setting and attachment kept.
CREATE TABLE relance_upgrade_snapshot (
    table_name varchar PRIMARY KEY,
    row_count integer NOT NULL,
    sample jsonb NOT NULL
);

DO $$
DECLARE
    target record;
    counted integer;
    rows jsonb;
BEGIN
    -- The addon's own models, stored in a table of their own.
    FOR target IN
        SELECT DISTINCT replace(model.model, '.', '_') AS table_name
          FROM ir_model model
          JOIN ir_model_data data
            ON data.model = 'ir.model' AND data.res_id = model.id
           AND data.module = 'relance_avancee'
         WHERE NOT model.transient AND model.model LIKE 'relance.%'
           AND EXISTS (SELECT 1 FROM information_schema.tables t
                        WHERE t.table_schema = 'public'
                          AND t.table_name = replace(model.model, '.', '_')
                          AND t.table_type = 'BASE TABLE')
    LOOP
        EXECUTE format('SELECT count(*) FROM %I', target.table_name) INTO counted;
        EXECUTE format(
            'SELECT COALESCE(jsonb_agg(to_jsonb(t) ORDER BY t.id), ''[]'') '
            'FROM (SELECT * FROM %I ORDER BY id LIMIT 20) t', target.table_name
        ) INTO rows;
        INSERT INTO relance_upgrade_snapshot VALUES (target.table_name, counted, rows);
    END LOOP;
    -- The models it extends: its stored columns on their first rows holding one.
    FOR target IN
        SELECT replace(field.model, '.', '_') AS table_name,
               array_agg(field.name::text ORDER BY field.name) AS columns
          FROM ir_model_fields field
          JOIN ir_model_data data
            ON data.model = 'ir.model.fields' AND data.res_id = field.id
           AND data.module = 'relance_avancee'
         WHERE field.store AND field.ttype NOT IN ('one2many', 'many2many')
           AND field.model IN ('res.partner', 'res.company', 'account.move',
                               'account.move.line', 'account.payment')
         GROUP BY field.model
    LOOP
        EXECUTE format('SELECT count(*) FROM %I', target.table_name) INTO counted;
        EXECUTE format(
            'SELECT COALESCE(jsonb_agg(to_jsonb(t) ORDER BY t.id), ''[]'') '
            'FROM (SELECT id, %s FROM %I ORDER BY id LIMIT 50) t',
            (SELECT string_agg(quote_ident(c), ', ') FROM unnest(target.columns) c),
            target.table_name
        ) INTO rows;
        INSERT INTO relance_upgrade_snapshot VALUES (target.table_name, counted, rows);
    END LOOP;
    -- The attachments of the addon's records (letters, case files, workbooks).
    SELECT count(*) INTO counted FROM ir_attachment
     WHERE res_model LIKE 'relance.%' OR name LIKE 'Aged balance%';
    INSERT INTO relance_upgrade_snapshot VALUES ('ir_attachment', counted, '[]');
END $$;
