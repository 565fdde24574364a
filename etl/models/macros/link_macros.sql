-- Normalisation for record linkage (schema `lnk`), docs/DOMAIN.md § Linking, step 2. Every macro
-- is NULL-safe and works on text as the agencies wrote it (util.fold does NFC, lower
-- case, no diacritics, đ → d, runs of non-alphanumerics → one space).
--
-- Names: the legal-form words are recognised (abbreviated, written out or without
-- diacritics) and rewritten to one marker token each, then taken out of the name core:
--   trách nhiệm hữu hạn, TNHH                    → tnhh
--   một thành viên, 1 thành viên, MTV, 1TV        → mtv
--   hai thành viên (trở lên), 2TV                 → 2tv
--   cổ phần, CP (CTCP → cty cp)                   → cp
--   doanh nghiệp tư nhân, DNTN                    → dntn
--   hợp tác xã, HTX                               → htx
--   chi nhánh, CN                                 → cn
--   văn phòng đại diện, VPĐD                      → vpdd
--   công ty, CTY                                  → cty
--   (công ty) hợp danh                            → hdanh
--   doanh nghiệp nhà nước, DNNN                   → dnnn
-- so `Công ty TNHH Đức Phát`, `CTY TNHH DUC PHAT` and `Cong ty trach nhiem huu han Duc
-- Phat` all give the core `duc phat` and the form TNHH. A branch ordinal (`Chi nhánh số
-- 2 …`) is kept as the token `2`.
create schema if not exists lnk;

-- Folded name with the legal-form phrases rewritten to their marker tokens.
create or replace macro lnk.name_marked(s) as
  trim(regexp_replace(
  regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
  regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
  regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    util.fold(s),
    '\btrach nhiem huu han\b', 'tnhh', 'g'),
    '\b(mot|1) thanh vien\b', 'mtv', 'g'),
    '\b1tv\b', 'mtv', 'g'),
    '\b(hai|2) thanh vien( tro len)?\b', '2tv', 'g'),
    '\bco phan\b', 'cp', 'g'),
    '\bctcp\b', 'cty cp', 'g'),
    '\bdoanh nghiep tu nhan\b', 'dntn', 'g'),
    '\bhop tac xa\b', 'htx', 'g'),
    '\bchi nhanh\b', 'cn', 'g'),
    '\b(van phong dai dien|vp dai dien)\b', 'vpdd', 'g'),
    '\bcong ty\b', 'cty', 'g'),
    '\bcty hop danh\b', 'cty hdanh', 'g'),
    '\bdoanh nghiep nha nuoc\b', 'dnnn', 'g'),
    '\bso ([0-9]+)\b', '\1', 'g'),
    ' +', ' ', 'g'));

-- The marker tokens of the legal forms (taken out of the name core).
create or replace macro lnk.form_markers() as ['tnhh', 'mtv', '2tv', 'cp', 'dntn', 'htx', 'cn', 'vpdd', 'cty', 'hdanh', 'dnnn'];

-- Tokens of a marked name (lnk.name_marked).
create or replace macro lnk.name_tokens(marked) as
  case when marked is not null and marked <> '' then string_split(marked, ' ') end;

-- The legal form a name states, from its marker tokens: CHI_NHANH, VP_DAI_DIEN, DNTN,
-- HTX, HOP_DANH, DNNN, TNHH_1TV, TNHH (two or more members, or not said), CO_PHAN,
-- CONG_TY ("công ty" and no form), or NULL (no legal-form words).
create or replace macro lnk.name_form(tokens) as
  case
    when list_contains(tokens, 'cn') then 'CHI_NHANH'
    when list_contains(tokens, 'vpdd') then 'VP_DAI_DIEN'
    when list_contains(tokens, 'dntn') then 'DNTN'
    when list_contains(tokens, 'htx') then 'HTX'
    when list_contains(tokens, 'hdanh') then 'HOP_DANH'
    when list_contains(tokens, 'dnnn') then 'DNNN'
    when list_contains(tokens, 'mtv') then 'TNHH_1TV'
    when list_contains(tokens, 'tnhh') or list_contains(tokens, '2tv') then 'TNHH'
    when list_contains(tokens, 'cp') then 'CO_PHAN'
    when list_contains(tokens, 'cty') then 'CONG_TY'
  end;

-- The name core: the tokens that are not legal-form words, in order, as one string.
create or replace macro lnk.core_tokens(tokens) as
  list_filter(tokens, lambda t: not list_contains(lnk.form_markers(), t));
create or replace macro lnk.name_core(tokens) as nullif(array_to_string(lnk.core_tokens(tokens), ' '), '');

-- A union's employer name when `ten_don_vi` is empty: its own name without the
-- "Công đoàn cơ sở" / "CĐCS" prefix.
create or replace macro lnk.union_employer_name(union_name) as
  nullif(trim(regexp_replace(util.fold(union_name), '^(cong doan co so|cong doan|cdcs|cd) ', '')), '');

-- Legal forms that can name the same unit: the same code, or a one-member company
-- written as plain TNHH, or "công ty" without a form for any company form.
create or replace macro lnk.forms_compatible(a, b) as
  (a in ('TNHH_1TV', 'TNHH') and b in ('TNHH_1TV', 'TNHH'))
  or (a = 'CONG_TY' and b in ('TNHH_1TV', 'TNHH', 'CO_PHAN', 'HOP_DANH', 'DNNN'))
  or (b = 'CONG_TY' and a in ('TNHH_1TV', 'TNHH', 'CO_PHAN', 'HOP_DANH', 'DNNN'));

-- Addresses: each comma-separated part folded and its abbreviations written out
-- (TP. → thanh pho, TX. → thi xa, TT. → thi tran, P. → phuong, Q. → quan, H. → huyen,
-- X. → xa, T. → tinh, đ. → duong, KCN → khu cong nghiep, KKT → khu kinh te, CCN → cum
-- cong nghiep, QL → quoc lo, TL → tinh lo, KP → khu pho, SN / số nhà → so).
create or replace macro lnk.address_part(p) as
  trim(regexp_replace(
  regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
  regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
  regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    util.fold(p),
    '\btp\b', 'thanh pho', 'g'),
    '\btx\b', 'thi xa', 'g'),
    '\btt\b', 'thi tran', 'g'),
    '\bp\b', 'phuong', 'g'),
    '\bq\b', 'quan', 'g'),
    '\bh\b', 'huyen', 'g'),
    '\bx\b', 'xa', 'g'),
    '\bt\b', 'tinh', 'g'),
    '\bd\b', 'duong', 'g'),
    '\bkcn\b', 'khu cong nghiep', 'g'),
    '\bkkt\b', 'khu kinh te', 'g'),
    '\bccn\b', 'cum cong nghiep', 'g'),
    '\bql\b', 'quoc lo', 'g'),
    '\btl\b', 'tinh lo', 'g'),
    '\bkp\b', 'khu pho', 'g'),
    '\b(sn|so nha)\b', 'so', 'g'));

-- The normalised parts of an address, empty parts dropped.
create or replace macro lnk.address_parts(s) as
  list_filter(list_transform(string_split(nfc_normalize(s::varchar), ','), lambda p: lnk.address_part(p)), lambda p: p <> '');

-- Whether a normalised address part names an administrative unit (commune, district,
-- province) rather than the street, hamlet or lot (`tinh lo` is a provincial road).
create or replace macro lnk.is_admin_part(p) as
  regexp_matches(p, '^(xa|phuong|thi tran|huyen|quan|thanh pho|thi xa|tinh|dac khu) ') and not starts_with(p, 'tinh lo ');

-- The whole normalised address, and its street part (the parts before the commune).
create or replace macro lnk.address_norm(parts) as nullif(array_to_string(parts, ' '), '');
create or replace macro lnk.address_street(parts) as
  nullif(array_to_string(list_filter(parts, lambda p: not lnk.is_admin_part(p)), ' '), '');

-- Tax codes as written (util.tax_digits: spaces, dots, dashes removed). A code of 9–11
-- digits is a head-office code, 12–14 digits a branch code with a 3-digit suffix.
create or replace macro lnk.tax_root_part(d) as
  case when regexp_full_match(d, '[0-9]{9,14}') then case when length(d) >= 12 then d[1:length(d) - 3] else d end end;
create or replace macro lnk.tax_suffix_part(d) as
  case when regexp_full_match(d, '[0-9]{12,14}') then d[length(d) - 2:] end;

-- Every 10-digit string one edit away from a root of 9–11 digits: each single-digit
-- substitution and each transposition of neighbouring digits (10 digits), each
-- insertion (9 digits) or deletion (11 digits).
create or replace macro lnk.root_edits(r) as
  case length(r)
    when 10 then list_concat(
      flatten(list_transform(range(1, 11), lambda i: list_transform(range(0, 10), lambda k: r[1:i - 1] || k::varchar || r[i + 1:]))),
      list_transform(range(1, 10), lambda i: r[1:i - 1] || r[i + 1] || r[i] || r[i + 2:]))
    when 9 then flatten(list_transform(range(1, 11), lambda i: list_transform(range(0, 10), lambda k: r[1:i - 1] || k::varchar || r[i:])))
    when 11 then list_transform(range(1, 12), lambda i: r[1:i - 1] || r[i + 1:])
  end;

-- The valid 10-digit codes one edit away from the root of a tax code that fails its
-- check (`d` as util.tax_digits gives it); empty when the root itself is valid.
create or replace macro lnk.tax_variants(d) as
  case when lnk.tax_root_part(d) is not null and not util.tax_code_valid_digits(lnk.tax_root_part(d)) then
    list_distinct(list_filter(lnk.root_edits(lnk.tax_root_part(d)), lambda v: util.tax_code_valid_digits(v)))
  else []::varchar[] end;

-- Decision settings (README "Linking"): a candidate is linked when its match
-- probability is at least lnk.auto_link_probability(), its name agrees at least at
-- TOKENS_MEDIUM, its weight beats the record's next candidate by lnk.min_weight_margin()
-- bits and no other union of the unit overlaps it in time; candidates from
-- lnk.review_probability() up that are not linked go to the review queue.
create or replace macro lnk.auto_link_probability() as 0.99;
create or replace macro lnk.review_probability() as 0.05;
create or replace macro lnk.min_weight_margin() as 4.0;
-- Blocking caps: a name core shared by more units, or a token found in more units of
-- the area (or the province), makes no candidates (keeps blocking linear).
create or replace macro lnk.max_core_block() as 50;
create or replace macro lnk.max_area_token_block() as 100;
create or replace macro lnk.max_token_block() as 10;

-- Names as written (docs/DOMAIN.md § Linking, step 2): before the legal-form words are
-- marked, a name is read through the name dictionary (etl/reference/name_abbreviations.csv,
-- ref.name_abbreviations): trade abbreviations (TM → thương mại, VLXD → vật liệu xây
-- dựng), English and mixed names (Co., Ltd → công ty TNHH, JSC → công ty cổ phần,
-- Vietnam → Việt Nam), connectors dropped (và, and). A written form with several readings
-- (CN: chi nhánh first in a name, else công nghệ or công nghiệp) gives one reading of the
-- name per choice, each scored (the dictionary's shares multiplied); the comparison takes
-- the reading that agrees best with each unit (int_link_candidates). The models join the
-- dictionary themselves (int_link_units, int_link_records: once per distinct name); these
-- macros are the per-name steps.

-- The parts of a name split at a dash between words (` - `, ` – `, `- `), folded.
create or replace macro lnk.name_parts(s) as
  list_filter(list_transform(regexp_split_to_array(s::varchar, '\s+[-–—]+\s*|\s*[-–—]+\s+'), lambda p: util.fold(p)), lambda p: p <> '');

-- A folded part's leading branch words (`chi nhanh so 2`, `cn`, `van phong dai dien`,
-- `branch`), or ''.
create or replace macro lnk.branch_lead(p) as
  regexp_extract(p, '^((chi nhanh|cn|van phong dai dien|vp dai dien|vpdd|branch|representative office)( so [0-9]+)?)( |$)', 1);
-- … or its trailing ones (`gio linh branch`, `quang tri representative office`), or ''.
create or replace macro lnk.branch_tail(p) as
  regexp_extract(p, ' (branch|chi nhanh|representative office|van phong dai dien)$', 1);
create or replace macro lnk.is_branch_part(p) as lnk.branch_lead(p) <> '' or lnk.branch_tail(p) <> '';

-- A branch part and its company's part in the registry's order: `<branch words> <company>
-- tai <place>` (`Công ty TNHH Đức Phát - Chi nhánh Gio Linh` and `Chi nhánh Gio Linh -
-- Công ty TNHH Đức Phát` read as `chi nhanh cong ty tnhh duc phat tai gio linh`).
create or replace macro lnk.branch_joined(b, c) as
  case when lnk.branch_lead(b) <> ''
    then lnk.branch_lead(b) || ' ' || c || coalesce(' tai ' || nullif(regexp_replace(trim(b[length(lnk.branch_lead(b)) + 1:]), '^tai( |$)', ''), ''), '')
    else lnk.branch_tail(b) || ' ' || c || coalesce(' tai ' || nullif(regexp_replace(b[1:length(b) - length(lnk.branch_tail(b)) - 1], '^tai( |$)', ''), ''), '')
  end;

-- The name folded, its parts in the registry's order when it is a branch part and a
-- company part joined by a dash (in either order); other parts simply joined.
create or replace macro lnk.name_ordered(s) as
  list_transform([lnk.name_parts(s)], lambda ps:
    case
      when len(ps) = 2 and lnk.is_branch_part(ps[1]) and not lnk.is_branch_part(ps[2]) then lnk.branch_joined(ps[1], ps[2])
      when len(ps) = 2 and lnk.is_branch_part(ps[2]) and not lnk.is_branch_part(ps[1]) then lnk.branch_joined(ps[2], ps[1])
      else array_to_string(ps, ' ')
    end)[1];

-- The texts a written name may stand for, folded and ordered, each with its score: a name
-- with a part in brackets reads with that part dropped (an English name or a note beside
-- the name) and with it kept as a part of its own (0.5 each); quotes and unpaired brackets
-- fold away.
create or replace macro lnk.name_texts(s) as
  list_transform(
    case when regexp_matches(s::varchar, '[(\[][^)\]]*[)\]]')
      then [{'text': regexp_replace(s::varchar, '[(\[][^)\]]*[)\]]', ' ', 'g'), 'score': 0.5}, {'text': regexp_replace(s::varchar, '[()\[\]]', ' - ', 'g'), 'score': 0.5}]
      else [{'text': s::varchar, 'score': 1.0}]
    end,
    lambda t: {'text': lnk.name_ordered(t.text), 'score': t.score});

-- The longest phrase of the dictionary a name can hold (words), for lnk.name_ngrams.
create or replace macro lnk.max_phrase_words() as 4;
-- Every run of 1 … max_n consecutive tokens of a name, with its first position.
create or replace macro lnk.name_ngrams(tokens, max_n) as
  flatten(list_transform(range(1, len(tokens) + 1), lambda i:
    list_transform(range(1, least(max_n, len(tokens) - i + 1) + 1), lambda n: {'pos': i, 'n': n, 'phrase': array_to_string(tokens[i:i + n - 1], ' ')})));

-- The most readings of one name kept (the best scored).
create or replace macro lnk.max_name_readings() as 8;

-- The readings of one text: `matches` lists the dictionary phrases found in its tokens
-- ({pos, n, alts: [{s: score, t: folded reading, x: [label], e: an English word}]}); the
-- longest phrase at a position wins, and a phrase inside an earlier chosen one is skipped;
-- every other token stays as written. One reading per choice of alternatives (the best
-- lnk.max_name_readings()), each {s: score × base_score, t: text, x: the expansions used,
-- e: whether it read English words}.
create or replace macro lnk.name_reading_texts(tokens, matches, base_score) as
  list_transform([list_filter(matches, lambda m: len(list_filter(matches, lambda o: o.pos = m.pos and o.n > m.n)) = 0)], lambda longest:
    list_transform([list_filter(longest, lambda m: len(list_filter(longest, lambda e: e.pos < m.pos and e.pos + e.n > m.pos)) = 0)], lambda chosen:
      list_transform(
        list_reduce(
          list_transform(range(1, len(tokens) + 1), lambda i:
            case
              when len(list_filter(chosen, lambda m: m.pos = i)) > 0 then list_filter(chosen, lambda m: m.pos = i)[1].alts
              when len(list_filter(chosen, lambda m: m.pos < i and m.pos + m.n > i)) > 0 then [{'s': 1.0, 't': '', 'x': []::varchar[], 'e': false}]
              else [{'s': 1.0, 't': tokens[i], 'x': []::varchar[], 'e': false}]
            end),
          lambda acc, alts: list_slice(list_reverse_sort(flatten(list_transform(acc, lambda a:
            list_transform(alts, lambda b: {'s': a.s * b.s, 't': a.t || ' ' || b.t, 'x': list_concat(a.x, b.x), 'e': a.e or b.e})))), 1, lnk.max_name_readings()),
          [{'s': base_score::double, 't': '', 'x': []::varchar[], 'e': false}]),
        lambda r: {'s': r.s, 't': trim(regexp_replace(r.t, ' +', ' ', 'g')), 'x': r.x, 'e': r.e}))[1])[1];

-- A name's readings from its reading texts ({s, t, x, e}): each with its legal form, core
-- and distinct core tokens (as lnk.name_form, lnk.name_core), the same form and core kept
-- once (its best score), best first (then one with a core before one without, then the
-- fewer words); `weight` = log2(score ÷ the best score) (0 for the best reading, negative
-- for the less likely ones), `expansions` the dictionary entries used, `english` whether
-- it read English words (English puts the trade words after the name proper, so its word
-- order is not the registry's).
create or replace macro lnk.name_readings(texts) as
  list_transform([list_reverse_sort(list_transform(texts, lambda r:
    list_transform([lnk.name_tokens(lnk.name_marked(r.t))], lambda m:
      {'score': r.s, 'has_core': lnk.name_core(m) is not null, 'fewer_words': -len(m), 'form': lnk.name_form(m), 'core': lnk.name_core(m),
       'text': r.t, 'expansions': r.x, 'english': r.e, 'tokens': coalesce(list_distinct(lnk.core_tokens(m)), []::varchar[])})[1]))], lambda rs:
    list_transform(
      list_filter(rs, lambda r, i: len(list_filter(rs[1:i - 1], lambda q: q.form is not distinct from r.form and q.core is not distinct from r.core)) = 0),
      lambda r: {'weight': log2(r.score / rs[1].score), 'form': r.form, 'core': r.core, 'tokens': r.tokens, 'text': r.text, 'expansions': r.expansions,
                 'english': r.english}))[1];
