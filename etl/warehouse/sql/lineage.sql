-- Lineage and quarantine: what was loaded, from which file, and what was rejected and why.
create schema if not exists raw;
create schema if not exists quarantine;
create schema if not exists lineage;
create schema if not exists link;
-- Rows a later file (or a restore) took out of effect: kept, never deleted (superseded.<dataset>).
create schema if not exists superseded;

create sequence if not exists lineage.batch_id_seq start 1;

create table if not exists lineage.batches (
  batch_id        bigint primary key,
  dataset         varchar not null,
  file_path       varchar not null,
  file_name       varchar not null,
  file_format     varchar not null,
  sha256          varchar not null,
  file_bytes      bigint not null,
  encoding        varchar,
  delimiter       varchar,
  sheet           varchar,
  as_of           date,
  period          varchar,          -- e.g. '2024-01-01..2024-12-01' (min..max period of the file's rows)
  period_keys     varchar[],        -- the periods (or keys) this batch replaced
  rows_read       bigint not null default 0,
  rows_loaded     bigint not null default 0,
  rows_rejected   bigint not null default 0,
  rows_replaced   bigint not null default 0,  -- earlier rows this batch superseded (kept in superseded.<dataset>)
  status          varchar not null, -- LOADED | REJECTED
  message         varchar,
  columns_unknown varchar[],
  started_at      timestamp not null,
  finished_at     timestamp,
  duration_ms     bigint
);

-- `etl restore <batch>`: a superseded batch's rows put back in effect; the rows in effect
-- for its keys until then are superseded by it in turn.
create sequence if not exists lineage.restore_id_seq start 1;

create table if not exists lineage.restores (
  restore_id         bigint primary key,
  batch_id           bigint not null,   -- the batch whose rows are in effect again
  dataset            varchar not null,
  replace_keys       varchar[],         -- the periods (or keys) restored
  rows_restored      bigint not null,
  rows_superseded    bigint not null,   -- rows taken out of effect by the restore
  superseded_batches bigint[],          -- the batches those rows came from
  actor              varchar,
  restored_at        timestamp not null
);

create table if not exists quarantine.rejected_rows (
  batch_id     bigint not null,
  dataset      varchar not null,
  file_name    varchar not null,
  line_no      bigint not null,
  reason_code  varchar not null,
  message      varchar not null,
  original     json,
  released_at  timestamp            -- set when a retried row (UNKNOWN_UNION) was loaded by a later build
);

-- Analyst decisions on candidate links (the fuzzy linker's issue fills the candidates).
create table if not exists link.decisions (
  dataset      varchar not null,
  source_key   varchar not null,
  tax_code     varchar not null,
  decision     varchar not null,    -- ACCEPT | REJECT
  decided_by   varchar not null,
  decided_at   timestamp not null,
  note         varchar
);
