#!/usr/bin/env bash
# Fills corpus/<target>/ with seed inputs made from the project's own examples and a few small
# record files written here (nothing is committed; corpus/ is ignored). Inputs the fuzzer found in
# earlier runs are kept; seeds are (re)written as seed-*. Works from any directory.
set -euo pipefail
cd "$(dirname "$0")"
repo=..
corpus=corpus
mkdir -p "$corpus"/{counts_json,counts_csv,methodology,records_csv,records_jsonl,portal,timestamp_period,input_text,plans,renderers}

# put TARGET NAME TEXT: one seed file (printf '%s' keeps the text's bytes as they are).
put() { printf '%s' "$3" > "$corpus/$1/seed-$2"; }

# Counts: the interchange JSON examples, and CSV of the same kinds of rows.
cat "$repo/examples/data/demo-province.json" > "$corpus/counts_json/seed-demo-province.json"
cat "$repo/src/examples/phu-tho-2026.json" > "$corpus/counts_json/seed-phu-tho-2026.json"
put counts_json groups '{"methodology":"qd766-groups","period":{"from":"2025-09-21","to":"2025-10-20"},"units":[{"code":"H44","name":"UBND tỉnh Phú Thọ","level":"province","parent":null,"groups":{"CKMB":"15.64","TDGQ":"19.05","DVCTT":"8.36","TTTT":"10","MDHL":"17.86","MDSH":"20.79"}}]}'
put counts_json not-applicable '{"period":"2026-Q3","units":[{"code":"X01","name":"Tỉnh","level":"province","parent":null,"criteria":{"PUBLISH_ON_TIME":{"num":0,"den":0},"DOSSIER_SYNC":{"not_applicable":true}}},{"code":"X01.01","name":"Sở","level":"department","parent":"X01","criteria":{"DOSSIER_ON_TIME":{"num":7,"den":9}}}]}'
put counts_csv basic 'unit_code,unit_name,level,parent,criterion,num,den
H44,UBND tỉnh Phú Thọ,province,,PUBLISH_ON_TIME,0,89
H44,UBND tỉnh Phú Thọ,province,,DOSSIER_ON_TIME,528684,597918
H44,UBND tỉnh Phú Thọ,province,,ONLINE_PAYMENT_DOSSIERS,309542,358625
H44.01,"Sở Tư pháp, Phú Thọ",department,H44,DOSSIER_ON_TIME,10,12
H44.101,Xã Một,commune,H44,ONLINE_DOSSIERS,3,4
'
put counts_csv full-columns 'period,methodology,unit_code,unit_name,level,parent,criterion,num,den,points,not_applicable
2026-09,dvcqg-2026,X01,Tỉnh,province,,PUBLIC_CONTENT_FULL,87,89,,
2026-09,dvcqg-2026,X01,Tỉnh,province,,DOSSIER_SYNC,,,,1
2026-09,dvcqg-2026,X01.02,Sở,department,X01,DOSSIER_ON_TIME,5,5,,0
'
put counts_csv semicolon 'unit_code;unit_name;level;parent;criterion;num;den
H44;UBND tỉnh Phú Thọ;province;;PUBLIC_CONTENT_FULL;87;89
'
put counts_csv groups $'methodology,unit_code,unit_name,level,parent,criterion,points\r\nqd766-groups,H44,Phú Thọ,province,,CKMB,15.64\r\nqd766-groups,H44,Phú Thọ,province,,TDGQ,19.05\r\n'

# Methodology editions: the built-in ones.
for edition in "$repo"/src/methodology/editions/*.json; do
    cat "$edition" > "$corpus/methodology/seed-$(basename "$edition")"
done

# Records, CSV and JSON Lines: the first byte b picks the reader, b % 6 ('0' dossiers, '1'
# petitions, '2' procedures, '3' units, '4' holidays, '5' dossiers into a DossierTable), and the
# options, the bits of b / 6 (1 day-first dates: '6'…';'; 2 lenient timelines: '<'…'A'; both:
# 'B'…'G'; 4 lines of at most 200 bytes: 'H'…'M'); the rest is the file.
dossiers_csv='dossier_id,unit_code,procedure_code,submitted_at,received_at,due_at,finished_at,returned_at,stopped_at,supplement_count,supplement_requested_at,supplement_completed_at,channel,paid_online,fee_nonzero,result_file,component_files,reused_data,from_personal_storage,vneid,disliked,has_petition,officer
HS-1,H44.101,1.001,2026-03-01T20:00:00+07:00,2026-03-02 08:15,2026-03-04 17:00,2026-03-06 09:00,2026-03-06 10:00,,0,,,2,1,1,1,1,0,0,1,0,0,cb01
HS-2,H44.101,2.000815,,2026-03-02T01:15:00Z,2026-03-09,,,2026-03-05 14:00:30.5,1,2026-03-03 09:00,2026-03-04,1,0,true,false,true,true,false,false,true,true,
"HS-3",H44.01,"1.001",,2026-12-31 23:59:59,2027-01-04T07:00:00-01:00,2027-01-03,,,2,,,3,2,0,0,0,0,0,0,0,0,"Nguyễn, Văn A"
'
petitions_csv='petition_id,unit_code,received_at,transferred_at,refused_at,supplement_requested_at,handling_started_at,published_at,likes,dislikes,repeated
PA-1,H44,2026-03-02 08:15,2026-03-03 08:00,,,2026-03-04,2026-03-20T10:00:00+07:00,3,1,0
PA-2,H44.101,2026-04-01,,2026-04-02 09:00,,,,0,0,true
'
procedures_csv='procedure_code,name,level,online_level,full_online_eligible,paper_result_required,fee_bearing,for_citizens,max_time,max_time_unit,field
1.001,"Cấp giấy phép, lần đầu",province,full,1,0,1,1,5,working_days,Đất đai
2.000815,Đăng ký khai sinh,commune,partial,0,1,0,1,24,hours,Hộ tịch
3.0001,Thủ tục bộ,ministry,none,false,false,false,false,,,
'
units_csv='code,name,level,parent,valid_from,valid_to
H44,UBND tỉnh Phú Thọ,province,,,
H44.01,Sở Tư pháp,department,H44,,
H44.D1,Huyện cũ,district,H44,2020-01-01,2025-06-30
H44.101,Xã Một,commune,H44,2025-07-01,
B01,Bộ Tư pháp,ministry,,,
'
holidays_csv='date,kind,name,source
2026-01-01,off,Tết Dương lịch,Bộ luật Lao động 2019
2026-02-14,workday,Làm bù,
2026-04-30,off,"Ngày Chiến thắng, 30/4",
'
put records_csv dossiers "0$dossiers_csv"
put records_csv petitions "1$petitions_csv"
put records_csv procedures "2$procedures_csv"
put records_csv units "3$units_csv"
put records_csv holidays "4$holidays_csv"
put records_csv table "5$dossiers_csv"
put records_csv dossiers-crlf "0${dossiers_csv//$'\n'/$'\r\n'}"
put records_csv units-semicolon "3${units_csv//,/;}"
put records_csv petitions-tab "1${petitions_csv//,/$'\t'}"
put records_csv dossiers-day-first '6dossier_id,unit_code,procedure_code,received_at,due_at,finished_at,channel
HS-1,H44.101,1.001,02/03/2026 08:15,4/3/2026 17:00:00,06/03/2026,2
HS-2,H44.101,1.001,2026-03-02,31/12/2026,,1
'
put records_csv dossiers-lenient '<dossier_id,unit_code,procedure_code,received_at,due_at,finished_at,supplement_requested_at,supplement_completed_at
HS-1,H44.101,1.001,2026-03-05 08:15,2026-03-04 17:00,2026-03-03,2026-03-06,2026-03-05
'
put records_csv petitions-day-first-lenient 'Cpetition_id,unit_code,received_at,published_at
PA-1,H44,20/03/2026,02/03/2026 10:00
'
put records_csv units-short-lines "K$units_csv"
{ printf '0\xef\xbb\xbf'; printf '%s' "$dossiers_csv"; } > "$corpus/records_csv/seed-dossiers-utf8-bom"
if command -v iconv > /dev/null; then
    { printf '3\xff\xfe'; printf '%s' "$units_csv" | iconv -f UTF-8 -t UTF-16LE; } \
        > "$corpus/records_csv/seed-units-utf16le"
fi

put records_jsonl dossiers '0{"dossier_id":"HS-1","unit_code":"H44.101","procedure_code":"1.001","received_at":"2026-03-02 08:15","due_at":"2026-03-04T17:00:00+07:00","finished_at":"2026-03-06 09:00","channel":"2","paid_online":1,"fee_nonzero":true,"result_file":"1","supplement_count":0,"officer":null}
{"dossier_id":"HS-2","unit_code":"H44.01","procedure_code":"2.000815","submitted_at":"2026-03-01","received_at":"2026-03-02T01:15:00Z","stopped_at":"2026-03-05 14:00:30.25","supplement_count":"1","supplement_requested_at":"2026-03-03 09:00","channel":3,"vneid":false,"has_petition":"true"}
'
put records_jsonl petitions '1{"petition_id":"PA-1","unit_code":"H44","received_at":"2026-03-02 08:15","handling_started_at":"2026-03-04","published_at":"2026-03-20T10:00:00+07:00","likes":3,"dislikes":"1","repeated":0}

{"petition_id":"PA-2","unit_code":"H44.101","received_at":"2026-04-01","refused_at":"2026-04-02 09:00","repeated":true}
'
put records_jsonl procedures '2{"procedure_code":"1.001","name":"Cấp giấy phép","level":"province","online_level":"full","full_online_eligible":1,"fee_bearing":"1","max_time":5,"max_time_unit":"working_days"}
{"procedure_code":"2.000815","level":"commune","online_level":"partial","max_time":"24","max_time_unit":"hours","for_citizens":true}
'
put records_jsonl units '3{"code":"H44","name":"UBND tỉnh Phú Thọ","level":"province","parent":null}
{"code":"H44.D1","name":"Huyện cũ","level":"district","parent":"H44","valid_from":"2020-01-01","valid_to":"2025-06-30"}
{"code":"H44.101","name":"Xã Một","level":"commune","parent":"H44","valid_from":"2025-07-01"}
'
put records_jsonl holidays '4{"date":"2026-01-01","kind":"off","name":"Tết Dương lịch"}
{"date":"2026-02-14","kind":"workday","name":"Làm bù","source":null}
'
put records_jsonl dossiers-day-first-lenient 'B{"dossier_id":"HS-1","unit_code":"H44.101","procedure_code":"1.001","received_at":"05/03/2026 08:15","due_at":"04/03/2026","finished_at":"2026-03-03"}
'
put records_jsonl table '5{"dossier_id":"HS-1","unit_code":"H44.101","procedure_code":"1.001","received_at":"2026-03-02 08:15"}
{"dossier_id":"HS-1","unit_code":"H44.101","procedure_code":"1.001","received_at":"2026-03-03 08:15","finished_at":"2026-03-04"}
'

# The text layer: UTF-8 with and without a byte-order mark, UTF-16 with one, Windows-1258.
put input_text plain '{"code":"H44","name":"UBND tỉnh Phú Thọ"}'
{ printf '\xef\xbb\xbf'; cat "$repo/src/examples/phu-tho-2026.json"; } > "$corpus/input_text/seed-utf8-bom"
if command -v iconv > /dev/null; then
    { printf '\xff\xfe'; printf 'mã,tên\nH44,Phú Thọ\n' | iconv -f UTF-8 -t UTF-16LE; } \
        > "$corpus/input_text/seed-utf16le"
    { printf '\xfe\xff'; printf 'mã,tên\nH44,Phú Thọ\n' | iconv -f UTF-8 -t UTF-16BE; } \
        > "$corpus/input_text/seed-utf16be"
fi
printf 'code,name\nX1,Ph\xf2\xecng 1\n' > "$corpus/input_text/seed-windows-1258"
printf 'a\000b' > "$corpus/input_text/seed-nul"

# Timestamps and periods.
n=0
for text in 2026-03-02T08:15:00+07:00 2026-09-30T23:30:00Z 2026-03-02t08:15:00-05:30 \
    '2026-03-02 08:15' '2026-03-02 08:15:30.125+07:00' 2026-02-28 2028-02-29T00:00:00+00:00 \
    1970-01-01T00:00:00+07:00 2199-12-31T23:59:59+07:00 2026 2026-Q3 2026-q1 2026-09 \
    2025-09-21..2025-10-20 ' 2026-12 '; do
    n=$((n + 1))
    put timestamp_period "$n" "$text"
done

# Portal responses (../shared/data/portal/ beside the repository, when present): the whole files
# that fit the portal target's max_len, and every endpoint cut to its first units (with jq).
portal_data="$repo/../shared/data/portal"
if [ -d "$portal_data" ]; then
    max_len=${PORTAL_MAX_LEN:-131072}
    for file in "$portal_data"/*/*/month-all.json "$portal_data"/*/*/month-formality.json; do
        [ -f "$file" ] || continue
        name=$(basename "$(dirname "$file")")-$(basename "$file")
        # cat, not cp: shared/ is read-only, and a copy would keep its mode.
        if [ "$(wc -c < "$file")" -le "$max_len" ]; then
            cat "$file" > "$corpus/portal/seed-$name"
        fi
        if command -v jq > /dev/null; then
            jq -c '.data |= (if has("evaluation") then .evaluation |= .[:2] else . end
                             | if has("children") then .children |= .[:2] else . end
                             | if has("monthlyChart") then .monthlyChart |= .[:2] else . end)' \
                "$file" > "$corpus/portal/seed-small-$name" 2> /dev/null \
                || rm -f "$corpus/portal/seed-small-$name"
        fi
    done
    # Two endpoints in one input (NUL-separated): the capture merges them.
    set -- "$corpus"/portal/seed-small-*-month-all.json
    if [ -f "${1:-}" ] && [ -f "${2:-}" ]; then
        { cat "$1"; printf '\0'; cat "$2"; } > "$corpus/portal/seed-merged"
    fi
fi
put portal minimal '{"code":"OK","data":{"parent":{"departmentId":"p-1","departmentCode":"H44","departmentName":"UBND tỉnh","totalReceived":10,"totalOnTime":8,"totalCompleted":9,"totalScore":16,"totalMaxScore":20},"children":[{"departmentId":"c-1","departmentCode":"H44.01","departmentName":"Sở","level":"PROVINCE","totalReceived":1,"totalOnTime":1,"totalOverdue":0,"score":20,"maxScore":20}]}}'

# Plans: a unit, targets of every kind and size, goals, and a scenario.
put plans defaults 'X01.102'
put plans targets 'X01.102
DOSSIER_ON_TIME=19.991
total=100
TDGQ=1e3
total=792281625142643375935439504
total=-5
rank=1
above=X01.101'
put plans scenario 'X01.101
total=80
{"name": "Tây Sơn 96%", "changes": [{"unit": "X01.102", "criterion": "DOSSIER_ON_TIME", "rate": "96"}]}'
# Renderers: names that break lines, drive a terminal, turn around or hide.
printf 'T\xe1\xbb\x89nh F\n\nFORGED\n===\0S\xe1\xbb\x9f F\x1b[31m\0X\xc3\xa3 \xe2\x80\xae gnp.exe\0X\xe2\x80\x8b\xc3\xa3\0|*_`#<b>&amp;' > "$corpus/renderers/seed-forged"
put renderers plain 'UBND tỉnh F'

for dir in "$corpus"/*/; do
    printf 'seed: %s: %s files\n' "$(basename "$dir")" "$(find "$dir" -type f | wc -l)"
done
