"""The fill-in form (engine/form.py) as a workbook to fill in (`lkip template -o isian.xlsx`) or a CSV.

The workbook opens with an instructions sheet ("Petunjuk", or "Instructions" in English), then one sheet per
sasaran. Each sasaran sheet has a title row, a row of column labels, a hidden row of column keys (what import
reads: `node`, `field`, the year, `TW1`..`TW4`, `pagu`, ...) and the rows to fill. Only the cells to fill are
unlocked (yellow) and carry numeric data validation; labels, keys and cells that take no value are locked by sheet
protection without a password (a guard against slips, not a lock). Every text from the workspace is escaped
against formula injection (safe.xlsx_cell). The CSV has the same columns, the keys as its header.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from ..form import BUDGET_COLUMNS, FIELD, INFO_COLUMNS, NODE, PAGU, SPENT, Form, FormRow, SheetNames, column_period
from ..limits import MAX_NUMBER
from ..messages import Message
from ..periods import period_of
from . import safe
from .labels import label


def column_label(column: str, year: int, lang: str) -> str:
    """The label people read above a column."""
    words = {
        NODE: Message("Id (key)", "Kode (kunci)"),
        FIELD: Message("Field (key)", "Isian (kunci)"),
        "level": Message("Level", "Jenjang"),
        "name": Message("Name", "Nama"),
        "description": Message("What to enter", "Uraian isian"),
        "unit": Message("Unit", "Satuan"),
        PAGU: Message("Pagu (Rp)", "Pagu (Rp)"),
        SPENT: Message("Realisasi anggaran (Rp)", "Realisasi anggaran (Rp)"),
    }
    if column in words:
        return words[column].render(lang)
    if column == str(year):
        return Message("Year {year}", "Tahun {year}", year=year).render(lang)
    period = column_period(column)
    if period is not None:
        return period_of(period[0], int(period[1])).title().render(lang)  # 'TW II', 'Semester I', 'Juni'; 'Q2'...
    return column


def _level(row: FormRow, lang: str) -> str:
    return label(row.node.kind.value, lang)


def _instructions(form: Form, lang: str, sheet_names: list[tuple[str, str]]) -> list[tuple[str, bool]]:
    """The instructions sheet's lines: (text, is a heading)."""
    year = form.year
    lines = [
        (Message("Data to fill in for {year}", "Isian data kinerja {year}", year=year).render(lang), True),
        (safe.xlsx_cell(form.organisation), False),
        ("", False),
        (Message("How to fill in", "Cara mengisi").render(lang), True),
    ]
    steps = [
        Message(
            "1. Each sheet holds one sasaran strategis with its IKU, programs, kegiatan and sub kegiatan, in the "
            "tree's order: one row for each input of a formula and each realisasi given directly; the budget "
            "(pagu, realisasi anggaran) in the right-most columns, on the first row of each node that has one.",
            "1. Setiap lembar berisi satu sasaran strategis dengan IKU, program, kegiatan dan sub kegiatannya, "
            "menurut urutan pohon kinerja: satu baris untuk setiap input rumus dan setiap realisasi yang diisi "
            "langsung; anggaran (pagu, realisasi anggaran) di kolom paling kanan, pada baris pertama setiap simpul "
            "yang beranggaran.",
        ),
        Message(
            "2. Fill in the yellow cells only. Grey cells are locked (sheet protection without a password). The "
            "columns Id and Field are the keys lkip import uses to put each value back into its node and input: "
            "do not change them.",
            "2. Isi hanya sel berwarna kuning. Sel abu-abu dikunci (proteksi lembar tanpa kata sandi). Kolom Kode "
            "dan Isian adalah kunci yang dipakai lkip import untuk mengembalikan setiap nilai ke simpul dan inputnya: "
            "jangan diubah.",
        ),
        Message(
            "3. Column 'Year {year}': the value of the year. Columns Q I-Q IV (and halves or months where a node has "
            "them): the value of each period, for the nodes reported by period; how the periods make the year is "
            "written in 'What to enter'. Leave the year empty where the periods make it.",
            "3. Kolom 'Tahun {year}': nilai setahun. Kolom TW I-TW IV (dan semester atau bulan bila ada): nilai "
            "setiap periode, untuk simpul yang dilaporkan per periode; cara periode menjadi nilai setahun tertulis "
            "di 'Uraian isian'. Kosongkan kolom tahun bila nilai setahun dihitung dari periode.",
            year=year,
        ),
        Message(
            "4. Numbers may be typed as numbers or as Indonesian text: 1.234,5 - 12,5 % - Rp 1.000.000. A '%' only "
            "in a row whose unit is %, 'Rp' only for rupiah. A text such as 1.234 (a dot, then three digits) is "
            "ambiguous and refused: type 1234 or 1,234.",
            "4. Angka boleh diketik sebagai angka atau teks gaya Indonesia: 1.234,5 - 12,5 % - Rp 1.000.000. Tanda "
            "'%' hanya di baris bersatuan %, 'Rp' hanya untuk rupiah. Teks seperti 1.234 (titik lalu tiga angka) "
            "bermakna ganda dan ditolak: ketik 1234 atau 1,234.",
        ),
        Message(
            "5. An empty cell changes nothing: a value already in the data stays. To remove a value, edit the YAML "
            "file. Filled cells show the values recorded now.",
            "5. Sel kosong tidak mengubah apa pun: nilai yang sudah ada di data tetap. Untuk menghapus nilai, "
            "sunting berkas YAML-nya. Sel yang sudah terisi adalah nilai yang tercatat sekarang.",
        ),
        Message(
            "6. Then: lkip import FILE.xlsx --year {year} --dry-run shows what would change; without --dry-run the "
            "data files are written (each changed file's previous version is kept beside it as a .bak copy). "
            "Every cell is checked first: problems are listed at once as Sheet!Cell, and nothing is written until "
            "every cell is right.",
            "6. Sesudahnya: lkip import BERKAS.xlsx --year {year} --dry-run menampilkan apa yang akan berubah; tanpa "
            "--dry-run berkas data ditulis (versi lama setiap berkas yang berubah disimpan di sebelahnya sebagai "
            "salinan .bak). Setiap sel diperiksa lebih dulu: masalah ditampilkan sekaligus sebagai Lembar!Sel, dan "
            "tidak ada yang ditulis sampai semua sel benar.",
            year=year,
        ),
    ]
    lines += [(step.render(lang), False) for step in steps]
    lines += [("", False), (Message("Sheets", "Lembar").render(lang), True)]
    lines += [(safe.xlsx_cell(f"{sheet}: {name}"), False) for sheet, name in sheet_names]
    return lines


def form_xlsx(form: Form, lang: str = "id") -> bytes:
    """The workbook to fill in, as bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    names = SheetNames()
    intro = book.active
    assert intro is not None
    intro.title = names.name(Message("Instructions", "Petunjuk").render(lang))
    sheet_names = [(names.name(sheet.root.id), sheet.root.name) for sheet in form.sheets]

    bold = Font(bold=True)
    for number, (text, heading) in enumerate(_instructions(form, lang, sheet_names), start=1):
        cell = intro.cell(row=number, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if heading:
            cell.font = Font(bold=True, size=12 if number == 1 else 11)
    intro.column_dimensions["A"].width = 120
    intro.protection.sheet = True

    key_fill = PatternFill("solid", fgColor="D9D9D9")
    header_fill = PatternFill("solid", fgColor="BDD7EE")
    open_fill = PatternFill("solid", fgColor="FFF2CC")
    closed_fill = PatternFill("solid", fgColor="EDEDED")
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    unlocked = Protection(locked=False)
    info_columns = (NODE, FIELD, *INFO_COLUMNS)
    widths = {NODE: 14, FIELD: 22, "level": 12, "name": 36, "description": 48, "unit": 10}
    error_text = Message(
        "Type a number: 1234.5, or Indonesian text 1.234,5 / 12,5 % / Rp 1.000.000 (lkip import checks it).",
        "Ketik angka: 1234,5, atau teks gaya Indonesia 1.234,5 / 12,5 % / Rp 1.000.000 (diperiksa oleh lkip import).",
    ).render(lang)

    for (sheet_name, _), sheet in zip(sheet_names, form.sheets, strict=True):
        page = book.create_sheet(sheet_name)
        columns = (*info_columns, *sheet.columns)
        what = Message("Data to fill in for {year}", "Isian data kinerja {year}", year=form.year).render(lang)
        title = f"{form.organisation} — {what}: {sheet.root.id} {sheet.root.name}"
        page.cell(row=1, column=1, value=safe.xlsx_cell(title)).font = Font(bold=True, size=12)
        for index, column in enumerate(columns, start=1):
            head = page.cell(row=2, column=index, value=column_label(column, form.year, lang))
            head.font = bold
            head.fill = key_fill if column in (NODE, FIELD) else header_fill
            head.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            head.border = border
            page.cell(row=3, column=index, value=column)  # the key row import reads
            letter = get_column_letter(index)
            page.column_dimensions[letter].width = widths.get(column, 20 if column in BUDGET_COLUMNS else 14)
        page.row_dimensions[3].hidden = True
        page.row_dimensions[2].height = 30

        indicator_check = DataValidation(
            type="decimal", operator="between", formula1=str(-int(MAX_NUMBER)), formula2=str(int(MAX_NUMBER))
        )
        budget_check = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(int(MAX_NUMBER)))
        for check in (indicator_check, budget_check):
            check.allow_blank = True
            check.showErrorMessage = True
            check.errorStyle = "warning"  # Indonesian text numbers ("1.234,5") may still be typed: import reads them
            check.errorTitle = Message("Not a number", "Bukan angka").render(lang)
            check.error = error_text
            page.add_data_validation(check)

        for offset, row in enumerate(sheet.rows):
            number = 4 + offset
            info = {
                NODE: row.node.id,
                FIELD: row.field.text(),
                "level": _level(row, lang),
                "name": row.node.name,
                "description": row.description.render(lang),
                "unit": row.unit or "",
            }
            for index, column in enumerate(columns, start=1):
                if column in info:
                    cell = page.cell(row=number, column=index, value=safe.xlsx_cell(info[column]))
                    cell.alignment = Alignment(wrap_text=column in ("name", "description"), vertical="top")
                    if column in (NODE, FIELD):
                        cell.fill = key_fill
                        cell.font = Font(color="595959")
                else:
                    value = row.values.get(column) if column in row.open else None
                    cell = page.cell(row=number, column=index, value=value)
                    if column in row.open:
                        cell.fill = open_fill
                        cell.protection = unlocked
                        cell.number_format = "#,##0" if column in BUDGET_COLUMNS else "General"
                        (budget_check if column in BUDGET_COLUMNS else indicator_check).add(cell.coordinate)
                    else:
                        cell.fill = closed_fill
                cell.border = border
        page.freeze_panes = page.cell(row=4, column=len(info_columns) + 1)
        page.protection.sheet = True
        page.protection.formatColumns = False  # widths and heights may still be changed
        page.protection.formatRows = False
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


_AMBIGUOUS = re.compile(r"-?[1-9][0-9]{0,2}\.[0-9]{3}")


def csv_number(value: Any) -> str:
    """A number as the CSV writes it: plain, dot decimal; never in the shape 1.234, which reads as Indonesian
    thousands (1.2340 instead)."""
    if value is None:
        return ""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 2**53):
        return str(int(value))
    text = repr(float(value))
    if "e" in text:
        from decimal import Decimal

        text = format(Decimal(text), "f")
    if _AMBIGUOUS.fullmatch(text):
        text += "0"
    return text


def form_csv(form: Form, lang: str = "id") -> str:
    """The form as one CSV: the keys as the header, every sheet's rows one after another."""
    info_columns = (NODE, FIELD, *INFO_COLUMNS)
    value_columns: list[str] = []
    for sheet in form.sheets:
        value_columns += [c for c in sheet.columns if c not in value_columns and c not in BUDGET_COLUMNS]
    columns = (*info_columns, *value_columns, *BUDGET_COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in form.rows():
        info = {
            NODE: row.node.id,
            FIELD: row.field.text(),
            "level": _level(row, lang),
            "name": row.node.name,
            "description": row.description.render(lang),
            "unit": row.unit or "",
        }
        writer.writerow(
            [
                safe.csv_field(info[c]) if c in info else csv_number(row.values.get(c) if c in row.open else None)
                for c in columns
            ]
        )
    return out.getvalue()
