import ExcelJS from 'exceljs';

/**
 * A throwaway workbook written while a render thread waits for its Report:
 * styled header, figures with number formats, a formula and column widths on
 * a few sheets, so that exceljs's sheet, style and zip code is compiled before
 * the real workbook. Nothing of it is kept.
 */
export async function warmUpXlsx(): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (let s = 0; s < 3; s++) {
    const sheet = workbook.addWorksheet(`Sheet ${s + 1}`);
    sheet.columns = [{ width: 30 }, { width: 14 }, { width: 14 }];
    const header = sheet.addRow(['label', 'amount', 'share']);
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF2F7' } };
    for (let r = 0; r < 200; r++) {
      const row = sheet.addRow([`row ${r}`, r * 1234.5, r / 200]);
      row.getCell(2).numFmt = '"¥"#,##0';
      row.getCell(3).numFmt = '0%';
    }
    sheet.addRow(['total', { formula: 'SUM(B2:B201)', result: 0 }, null]);
  }
  await workbook.xlsx.writeBuffer();
}
