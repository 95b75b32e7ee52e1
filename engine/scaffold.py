"""A new office's workspace (`lkip init DIR`): the files' text, and the check of what was written.

The example workspace is a Python constant, not a copy of the repository's specs/: a planner who installed lkip
with `pip install .` has no specs/ folder. `SCALES` holds the same scales as the seed's specs/scales.yaml (a test
compares the bands they give), with comments for a new office instead of the seed report's line numbers.

Comments are Indonesian by default (planners read them) or English (`--lang en`). Everything here is text: the
command line writes it (cli/init_cmd.py) into a temporary folder beside the target, checks it with `check_folder`
and renames the folder into place.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from string import Template

from .diagnostics import Diagnostic
from .limits import in_range

# ------------------------------------------------------------------------------------------ YAML scalars

# Words other YAML readers (YAML 1.1: PyYAML, editors) take for booleans or null: always quoted.
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
# A plain scalar that any YAML reader keeps as this text, in block context: starts with a letter, holds no
# ': ', ' #', control or line-break characters, and does not end with a space.
_PLAIN = re.compile(r"[A-Za-z\u00c0-\u024f][^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff:#]*")
_PRINTABLE = re.compile(r"[\t\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\x85": "\\N"}


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar: every character that is not printable in YAML escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _PRINTABLE.fullmatch(char) and char not in "\u2028\u2029\ufeff":
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def scalar(text: str) -> str:
    """`text` as a YAML scalar for a block mapping: plain when that is unambiguous, else double-quoted."""
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.casefold() not in _RESERVED:
        return text
    return quoted(text)


def number(value: float) -> str:
    """A number as lkip reads it: a plain decimal (97, 9.68, 0.0001), never an exponent or a thousands mark."""
    if not in_range(value):
        raise ValueError(f"number outside lkip's range: {value!r}")
    if float(value).is_integer():
        return str(int(value))
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --------------------------------------------------------------------------------------- the example

SCHEMA_FILES = ("organisation", "scales", "specs", "data")  # written to DIR/schema/ for the editors' completion

ORGANISATION = {
    "id": """\
# yaml-language-server: $$schema=../schema/organisation.schema.json
$header
name: $name   # ${mark}nama resmi perangkat daerah, seperti tercetak di LKIP
short_name: $short_name   # ${mark}nama singkat untuk judul tabel dan grafik
region: $region   # ${mark}kabupaten, kota atau provinsi
renstra: {start: $start, end: $end}   # ${mark}periode Renstra; target tahun `end` adalah target akhir Renstra
scale: akip   # skala predikat dari specs/scales.yaml (akip: AA sampai D); `none`: laporan tanpa predikat
currency: Rp   # mata uang anggaran
""",
    "en": """\
# yaml-language-server: $$schema=../schema/organisation.schema.json
$header
name: $name   # ${mark}the office's official name, as printed in the LKIP
short_name: $short_name   # ${mark}a short name for the titles of tables and charts
region: $region   # ${mark}the kabupaten, kota or province
renstra: {start: $start, end: $end}   # ${mark}the renstra period; a target in year `end` is the renstra end target
scale: akip   # the predikat scale of specs/scales.yaml (akip: AA to D); `none`: a report without predikat
currency: Rp   # the budget's currency
""",
}
_ORGANISATION_HEADER = {
    (
        "id",
        True,
    ): "# Perangkat daerah yang melaporkan. Dibuat oleh `lkip init`: ganti setiap isian bertanda GANTI dengan\n"
    "# data kantor Anda, lalu jalankan `lkip validate --specs specs --data data`.",
    (
        "en",
        True,
    ): "# The reporting office. Made by `lkip init`: replace every value marked REPLACE with your office's, then\n"
    "# run `lkip validate --specs specs --data data`.",
    ("id", False): "# Perangkat daerah yang melaporkan (dibuat oleh `lkip init` dari lembar Struktur).",
    ("en", False): "# The reporting office (made by `lkip init` from the structure sheet).",
}
_MARK = {"id": "GANTI: ", "en": "REPLACE: "}

PLACEHOLDER = {"name": "Dinas Contoh Kabupaten Contoh", "short_name": "Dinas Contoh", "region": "Kabupaten Contoh"}

_SCALE_BANDS = """\
  - id: akip
    name: Tingkat Akuntabilitas Kinerja (PermenPAN-RB 88/2021)
    default: true
    bands:
      - {code: AA, min: 90, max: null, color: green,
         label: Sangat memuaskan, label_en: Very satisfactory}
      - {code: A, min: 80, max: 90, color: bright_green, name: Memuaskan, name_en: Satisfactory,
         label: "Memuaskan, memimpin perubahan, berkinerja tinggi, dan sangat akuntabel",
         label_en: "Satisfactory, leads change, high-performing and highly accountable"}
      - {code: BB, min: 70, max: 80, color: cyan, name: Sangat baik, name_en: Very good,
         label: "Sangat baik, akuntabel, berkinerja baik, memiliki sistem manajemen kinerja yang andal",
         label_en: "Very good, accountable, performs well, reliable performance management"}
      - {code: B, min: 60, max: 70, color: blue, name: Baik, name_en: Good,
         label: "Baik, akuntabilitas kinerjanya sudah baik, perlu sedikit perbaikan",
         label_en: "Good, accountability is good, needs some improvement"}
      - {code: CC, min: 50, max: 60, color: yellow, name: Cukup, name_en: Fair,
         label: "Cukup (memadai), akuntabilitas kinerjanya cukup memadai",
         label_en: "Fair, accountability is adequate"}
      - {code: C, min: 30, max: 50, color: dark_orange, name: Kurang, name_en: Poor,
         label: "Kurang, sistem dan tatanan kurang dapat diandalkan",
         label_en: "Poor, systems are not reliable enough"}
      - {code: D, min: null, max: 30, color: red, name: Sangat kurang, name_en: Very poor,
         label: "Sangat kurang, perlu perbaikan yang sangat mendasar",
         label_en: "Very poor, needs fundamental improvement"}
$second
  - id: permendagri86
    name: Permendagri 86/2017 (evaluasi Renja)
    bands:
      - {code: ST, min: 90, max: null, color: green, label: Sangat tinggi, label_en: Very high}
      - {code: T, min: 75, max: 90, color: bright_green, label: Tinggi, label_en: High}
      - {code: S, min: 65, max: 75, color: yellow, label: Sedang, label_en: Medium}
      - {code: R, min: 50, max: 65, color: dark_orange, label: Rendah, label_en: Low}
      - {code: SR, min: null, max: 50, color: red, label: Sangat rendah, label_en: Very low}
"""

SCALES = {
    "id": Template(
        """\
# yaml-language-server: $$schema=../schema/scales.schema.json
# Skala predikat. Pita (bands) ditulis dari yang terbaik; `min` tidak termasuk dan `max` termasuk, kecuali
# dinyatakan lain (min_inclusive, max_inclusive). code: kode predikat; name: nama singkatnya; label: interpretasinya;
# color: warna di setiap tampilan. organisation.yaml memilih skala dengan `scale:`; tanpa itu, yang `default: true`.
scales:
  # Skala evaluasi AKIP (PermenPAN-RB 88/2021): AA > 90, A > 80-90, BB > 70-80, B > 60-70, CC > 50-60, C > 30-50,
  # D <= 30. D terbuka ke bawah agar capaian negatif (mis. pertumbuhan ekspor) tetap mendapat predikat.
"""
        + _SCALE_BANDS
    ).safe_substitute(
        second="  # Lima pita evaluasi gaya Permendagri 86/2017 yang dipakai aplikasi monitoring daerah:\n"
        "  # >= 91 sangat tinggi, 76-90 tinggi, 66-75 sedang, 51-65 rendah, <= 50 sangat rendah."
    ),
    "en": Template(
        """\
# yaml-language-server: $$schema=../schema/scales.schema.json
# Predikat scales. Bands are listed best first; `min` is exclusive and `max` inclusive unless said otherwise
# (min_inclusive, max_inclusive). code: the predikat's code; name: its short name; label: its interpretation;
# color: its color in every view. organisation.yaml chooses a scale with `scale:`; without it, the `default: true` one.
scales:
  # The AKIP evaluation scale (PermenPAN-RB 88/2021): AA > 90, A > 80-90, BB > 70-80, B > 60-70, CC > 50-60,
  # C > 30-50, D <= 30. D is open below so that a negative capaian (e.g. export growth) still gets a grade.
"""
        + _SCALE_BANDS
    ).safe_substitute(
        second="  # Five bands of the Permendagri 86/2017-style evaluation used by regional monitoring apps:\n"
        "  # >= 91 very high, 76-90 high, 66-75 medium, 51-65 low, <= 50 very low."
    ),
}

_SASARAN = {
    "id": """\
# yaml-language-server: $$schema=../schema/specs.schema.json
# CONTOH satu sasaran strategis dan IKU-nya; ganti dengan pohon kinerja Anda. Satu berkas per sasaran (sasaran dan
# IKU-nya) dan satu per program (program, kegiatan dan sub kegiatannya). Setelah mengubah, jalankan `lkip validate`.
nodes:
  - id: SS1   # kode unik simpul; dipakai sebagai kunci di data/ (huruf, angka, '.', '_' dan '-'; diawali huruf)
    kind: sasaran   # jenis simpul: sasaran | iku | program | kegiatan | sub_kegiatan (dari akar ke daun)
    name: Meningkatnya kualitas penanganan pengaduan masyarakat   # nama seperti tercetak di Renstra/PK
    rollup: {method: mean, of: iku}   # capaian sasaran = rata-rata capaian IKU di bawahnya

  - id: IKU1
    kind: iku
    parent: SS1   # kode induk: induk IKU adalah sasaran, induk program adalah IKU, dan seterusnya
    name: Persentase Pengaduan Masyarakat yang Diselesaikan
    indicator: Persentase pengaduan masyarakat yang diselesaikan   # teks indikator kinerja
    unit: "%"   # satuan target dan realisasi: "%", laporan, dokumen, orang, Rp, ...
    direction: higher   # higher: semakin tinggi semakin baik (capaian = realisasi / target x 100); lower: sebaliknya
    inputs:   # input rumus; nilainya diisi per tahun di data/<tahun>/
      selesai: {description: Jumlah pengaduan yang diselesaikan dalam tahun berjalan}
      masuk: {description: Jumlah pengaduan yang masuk dalam tahun berjalan}
    formula: percent(selesai, masuk)   # realisasi = selesai / masuk x 100; fungsi lain: sum, mean, growth, ratio ...
    targets: {$year: 90, $end: 95}   # target per tahun: target PK $year dan target akhir Renstra ($end)
""",
    "en": """\
# yaml-language-server: $$schema=../schema/specs.schema.json
# AN EXAMPLE of one strategic objective and its IKU; replace it with your own tree. One file per sasaran (the sasaran
# and its IKU) and one per program (the program, its kegiatan and sub kegiatan). After a change, run `lkip validate`.
nodes:
  - id: SS1   # the node's unique id, the key of its data in data/ (letters, digits, '.', '_', '-'; a letter first)
    kind: sasaran   # the node's kind: sasaran | iku | program | kegiatan | sub_kegiatan (root to leaf)
    name: Meningkatnya kualitas penanganan pengaduan masyarakat   # the name as printed in the Renstra/PK
    rollup: {method: mean, of: iku}   # the sasaran's capaian = the mean of its IKU's capaian

  - id: IKU1
    kind: iku
    parent: SS1   # the parent's id: an IKU's parent is a sasaran, a program's an IKU, and so on
    name: Persentase Pengaduan Masyarakat yang Diselesaikan
    indicator: Persentase pengaduan masyarakat yang diselesaikan   # the performance indicator's text
    unit: "%"   # the unit of target and realisasi: "%", laporan, dokumen, orang, Rp, ...
    direction: higher   # higher: more is better (capaian = realisasi / target x 100); lower: less is better
    inputs:   # the formula's inputs; their values are given per year in data/<year>/
      selesai: {description: Jumlah pengaduan yang diselesaikan dalam tahun berjalan}
      masuk: {description: Jumlah pengaduan yang masuk dalam tahun berjalan}
    formula: percent(selesai, masuk)   # realisasi = selesai / masuk x 100; other functions: sum, mean, growth ...
    targets: {$year: 90, $end: 95}   # the target per year: the PK target of $year and the renstra end target ($end)
""",
}

_PROGRAM = {
    "id": """\
# yaml-language-server: $$schema=../schema/specs.schema.json
# CONTOH satu program dengan satu kegiatan dan satu sub kegiatan; ganti dengan program Anda.
nodes:
  - id: P01
    kind: program
    parent: IKU1   # program ini mendukung IKU1
    name: Program Pelayanan Pengaduan Masyarakat
    indicator: Rata-rata waktu penyelesaian pengaduan
    unit: hari
    direction: lower   # semakin rendah semakin baik: capaian = (2 x target - realisasi) / target x 100
    targets: {$year: 5, $end: 3}
    # tanpa `formula`: realisasi diberikan langsung di data (realisasi: 4)

  - id: P01.K1
    kind: kegiatan
    parent: P01
    name: Pengelolaan Layanan Pengaduan Masyarakat
    indicator: Persentase pengaduan yang ditindaklanjuti paling lama 3 hari kerja
    unit: "%"
    direction: higher
    inputs:
      tepat_waktu: {description: Pengaduan yang ditindaklanjuti paling lama 3 hari kerja}
      diterima: {description: Pengaduan yang diterima}
    formula: percent(tepat_waktu, diterima)
    targets: {$year: 80}

  - id: P01.K1.S1
    kind: sub_kegiatan
    parent: P01.K1
    name: Penyelenggaraan Layanan Pengaduan Masyarakat
    indicator: Jumlah laporan penanganan pengaduan masyarakat
    unit: laporan
    direction: higher
    targets: {$year: 12}
    # pagu dan realisasi anggaran ada di data; kegiatan dan program menjumlahkan anggaran sub kegiatannya
""",
    "en": """\
# yaml-language-server: $$schema=../schema/specs.schema.json
# AN EXAMPLE of one program with one kegiatan and one sub kegiatan; replace it with your own programs.
nodes:
  - id: P01
    kind: program
    parent: IKU1   # this program supports IKU1
    name: Program Pelayanan Pengaduan Masyarakat
    indicator: Rata-rata waktu penyelesaian pengaduan
    unit: hari
    direction: lower   # less is better: capaian = (2 x target - realisasi) / target x 100
    targets: {$year: 5, $end: 3}
    # no `formula`: the realisasi is given directly in the data (realisasi: 4)

  - id: P01.K1
    kind: kegiatan
    parent: P01
    name: Pengelolaan Layanan Pengaduan Masyarakat
    indicator: Persentase pengaduan yang ditindaklanjuti paling lama 3 hari kerja
    unit: "%"
    direction: higher
    inputs:
      tepat_waktu: {description: Pengaduan yang ditindaklanjuti paling lama 3 hari kerja}
      diterima: {description: Pengaduan yang diterima}
    formula: percent(tepat_waktu, diterima)
    targets: {$year: 80}

  - id: P01.K1.S1
    kind: sub_kegiatan
    parent: P01.K1
    name: Penyelenggaraan Layanan Pengaduan Masyarakat
    indicator: Jumlah laporan penanganan pengaduan masyarakat
    unit: laporan
    direction: higher
    targets: {$year: 12}
    # pagu and realisasi anggaran are in the data; kegiatan and program add up their sub kegiatan's budget
""",
}

_DATA_SASARAN = {
    "id": """\
# yaml-language-server: $$schema=../../schema/data.schema.json
# CONTOH realisasi tahun $year, per kode simpul: nilai input rumus, atau realisasi yang diberikan langsung, dan
# anggaran sub kegiatan. Desimal ditulis dengan titik (12.5), tanpa titik ribuan dan tanpa '%' atau 'Rp'.
# SS1 tidak perlu data: capaiannya dihitung dari IKU di bawahnya.
IKU1:
  inputs:   # nilai input yang dideklarasikan di specs (inputs)
    selesai: 228
    masuk: 240   # realisasi = 228 / 240 x 100 = 95 %; capaian = 95 / 90 x 100 = 105,56 %
""",
    "en": """\
# yaml-language-server: $$schema=../../schema/data.schema.json
# AN EXAMPLE of the realisasi of $year, per node id: the values of the formula's inputs, or a realisasi given
# directly, and the sub kegiatan's budget. Decimals take a dot (12.5), no thousands separators, no '%' or 'Rp'.
# SS1 needs no data: its capaian is computed from the IKU below it.
IKU1:
  inputs:   # the values of the inputs the spec declares (inputs)
    selesai: 228
    masuk: 240   # realisasi = 228 / 240 x 100 = 95 %; capaian = 95 / 90 x 100 = 105.56 %
""",
}

_DATA_PROGRAM = {
    "id": """\
# yaml-language-server: $$schema=../../schema/data.schema.json
# CONTOH realisasi tahun $year untuk program P01, kegiatan dan sub kegiatannya.
P01:
  realisasi: 4   # diberikan langsung (tanpa rumus): 4 hari; capaian = (2 x 5 - 4) / 5 x 100 = 120 %

P01.K1:
  inputs:
    tepat_waktu: 204
    diterima: 240   # realisasi 85 %; capaian 106,25 %

P01.K1.S1:
  realisasi: 12
  pagu: 150000000   # pagu anggaran (Rp)
  realisasi_anggaran: 138750000   # realisasi anggaran (Rp); serapan = 92,5 %
""",
    "en": """\
# yaml-language-server: $$schema=../../schema/data.schema.json
# AN EXAMPLE of the realisasi of $year for program P01, its kegiatan and sub kegiatan.
P01:
  realisasi: 4   # given directly (no formula): 4 days; capaian = (2 x 5 - 4) / 5 x 100 = 120 %

P01.K1:
  inputs:
    tepat_waktu: 204
    diterima: 240   # realisasi 85 %; capaian 106.25 %

P01.K1.S1:
  realisasi: 12
  pagu: 150000000   # the budget ceiling (Rp)
  realisasi_anggaran: 138750000   # the budget spent (Rp); serapan = 92.5 %
""",
}

RENSTRA_YEARS = 4  # the example's renstra: the current year and the four after it (five years)


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "id"


def organisation_yaml(
    lang: str,
    name: str,
    short_name: str,
    region: str,
    renstra: tuple[int, int] | None,
    placeholder: bool = False,
) -> str:
    """specs/organisation.yaml: the commented template with the office's values (quoted where needed); a
    placeholder's values are marked for the planner to replace."""
    lang = _lang(lang)
    text = Template(ORGANISATION[lang]).substitute(
        header=_ORGANISATION_HEADER[lang, placeholder],
        mark=_MARK[lang] if placeholder else "",
        name=scalar(name),
        short_name=scalar(short_name or name),
        region=scalar(region) if region else '""',
        start=renstra[0] if renstra else 0,
        end=renstra[1] if renstra else 0,
    )
    lines = text.splitlines(keepends=True)
    if renstra is None:
        lines = [line for line in lines if not line.startswith("renstra:")]
    if not region:
        lines = [line for line in lines if not line.startswith("region:")]
    return "".join(lines)


def schema_files() -> dict[str, str]:
    """DIR/schema/*.schema.json: the files the `# yaml-language-server: $schema=` lines point at."""
    from .schema import schema_text

    return {f"schema/{name}.schema.json": schema_text(name) for name in SCHEMA_FILES}


def example_files(year: int, lang: str) -> dict[str, str]:
    """The example workspace: relative path -> text. It validates with no problem and evaluates at once."""
    lang = _lang(lang)
    values = {"year": year, "end": year + RENSTRA_YEARS}
    files = {
        "specs/organisation.yaml": organisation_yaml(
            lang,
            PLACEHOLDER["name"],
            PLACEHOLDER["short_name"],
            PLACEHOLDER["region"],
            (year, year + RENSTRA_YEARS),
            placeholder=True,
        ),
        "specs/scales.yaml": SCALES[lang],
        "specs/sasaran-1.yaml": Template(_SASARAN[lang]).substitute(values),
        "specs/program-01.yaml": Template(_PROGRAM[lang]).substitute(values),
        f"data/{year}/sasaran-1.yaml": Template(_DATA_SASARAN[lang]).substitute(values),
        f"data/{year}/program-01.yaml": Template(_DATA_PROGRAM[lang]).substitute(values),
    }
    files.update(schema_files())
    return files


def check_folder(root: Path) -> list[Diagnostic]:
    """Every problem of the workspace written at root/specs and root/data (paths relative to root)."""
    from .validation import check_workspace
    from .workspace import load_workspace

    loaded = load_workspace(root / "specs", root / "data", base=root)
    problems = list(loaded.diagnostics.items)
    if loaded.workspace is not None:
        problems.extend(check_workspace(loaded.workspace)[1])
    return problems
