-- Fellegi–Sunter parameters of the fuzzy linker, one row per comparison level:
--   m = P(level | the record and the unit are the same employer),
--   u = P(level | they are not), estimated over random record × unit pairs;
--   bayes_factor = m / u; match_weight = log2(m / u) (bits of evidence).
-- A candidate's match weight is log2(λ / (1 − λ)) + Σ match_weight over its four
-- comparisons, with the prior λ = 1 / (number of units): a record names one unit among
-- all. Its match probability is 2^w / (1 + 2^w). MISSING levels (a side has no value)
-- carry no evidence (m = u, weight 0); the other levels' m (and u) sum to 1.
-- u values were measured on the default sample (`npm run etl -- sample`: every record ×
-- unit pair but the true ones, rounded up; ONE_EDIT: about nine valid codes lie one edit
-- from any code, so u ≈ 9 × units / valid codes ≈ 1e-6); m values are set by judgement for
-- real registry data, looser than the sample, whose union addresses always agree.
--
-- comparison  level          m      u          weight  meaning
-- tax_code    ONE_EDIT       0.85   0.000001   +19.70  root one substitution, neighbour swap, insertion or deletion from the unit's, same branch suffix
-- tax_code    SAME_ROOT      0.05   0.0005      +6.64  the code's own root is valid and is the unit's root; the branch suffix differs (e.g. -000)
-- tax_code    ROOT_ONE_EDIT  0.03   0.0001      +8.23  root one edit from the unit's root; the branch suffix differs
-- tax_code    DIFFERENT      0.07   0.999399    -3.84  an invalid code not close to the unit's
-- tax_code    MISSING        1      1            0     no tax code written
-- name        EXACT          0.8    0.0001     +12.97  same name core (legal-form words taken out); a name read from English: the same words in any order
-- name        TOKENS_HIGH    0.08   0.0002      +8.64  idf-weighted token overlap ≥ 0.8
-- name        JW_HIGH        0.04   0.0005      +6.32  Jaro-Winkler of the cores ≥ 0.95 and overlap ≥ 0.5 (a typo)
-- name        TOKENS_MEDIUM  0.05   0.001       +5.64  idf-weighted token overlap ≥ 0.6
-- name        DIFFERENT      0.03   0.9982      -5.06  anything less
-- name        MISSING        1      1            0     a side has no name core
-- legal_form  SAME           0.88   0.25        +1.82  the same form, or neither name states one
-- legal_form  COMPATIBLE     0.09   0.13        -0.53  TNHH vs TNHH_1TV, or "công ty" vs a company form
-- legal_form  DIFFERENT      0.03   0.62        -4.37  different forms, e.g. a branch vs its head office
-- legal_form  MISSING        1      1            0     one name states no form
-- location    SAME_ADDRESS   0.55   0.0002     +11.43  same commune and street part, or the same whole address when a commune is unknown
-- location    SAME_COMMUNE   0.35   0.02        +4.13  same commune, another street part
-- location    SAME_AREA      0.06   0.17        -1.50  same old district or same post-2025 commune
-- location    DIFFERENT      0.04   0.8098      -4.34  both placed, elsewhere
-- location    MISSING        1      1            0     a side has no commune and the addresses differ
create or replace table main.int_link_parameters as
with levels (comparison, level_order, level, m, u, description) as (
  values
    ('tax_code', 1, 'ONE_EDIT', 0.85, 0.000001, 'root one substitution, neighbour swap, insertion or deletion from the unit''s, same branch suffix'),
    ('tax_code', 2, 'SAME_ROOT', 0.05, 0.0005, 'the code''s own root is valid and is the unit''s root; the branch suffix differs (e.g. -000)'),
    ('tax_code', 3, 'ROOT_ONE_EDIT', 0.03, 0.0001, 'root one edit from the unit''s root; the branch suffix differs'),
    ('tax_code', 4, 'DIFFERENT', 0.07, 0.999399, 'an invalid code not close to the unit''s'),
    ('tax_code', 5, 'MISSING', 1, 1, 'no tax code written'),
    ('name', 1, 'EXACT', 0.8, 0.0001, 'same name core (legal-form words taken out); a name read from English: the same words in any order'),
    ('name', 2, 'TOKENS_HIGH', 0.08, 0.0002, 'idf-weighted token overlap >= 0.8'),
    ('name', 3, 'JW_HIGH', 0.04, 0.0005, 'Jaro-Winkler of the cores >= 0.95 and overlap >= 0.5 (a typo)'),
    ('name', 4, 'TOKENS_MEDIUM', 0.05, 0.001, 'idf-weighted token overlap >= 0.6'),
    ('name', 5, 'DIFFERENT', 0.03, 0.9982, 'anything less'),
    ('name', 6, 'MISSING', 1, 1, 'a side has no name core'),
    ('legal_form', 1, 'SAME', 0.88, 0.25, 'the same form, or neither name states one'),
    ('legal_form', 2, 'COMPATIBLE', 0.09, 0.13, 'TNHH vs TNHH_1TV, or "cong ty" vs a company form'),
    ('legal_form', 3, 'DIFFERENT', 0.03, 0.62, 'different forms, e.g. a branch vs its head office'),
    ('legal_form', 4, 'MISSING', 1, 1, 'one name states no form'),
    ('location', 1, 'SAME_ADDRESS', 0.55, 0.0002, 'same commune and street part, or the same whole address when a commune is unknown'),
    ('location', 2, 'SAME_COMMUNE', 0.35, 0.02, 'same commune, another street part'),
    ('location', 3, 'SAME_AREA', 0.06, 0.17, 'same old district or same post-2025 commune'),
    ('location', 4, 'DIFFERENT', 0.04, 0.8098, 'both placed, elsewhere'),
    ('location', 5, 'MISSING', 1, 1, 'a side has no commune and the addresses differ')
),
final as (
  select
    comparison,
    level_order,
    level,
    m::double as m,
    u::double as u,
    (m / u)::double as bayes_factor,
    log2(m / u)::double as match_weight,
    description
  from levels
)
select * from final
