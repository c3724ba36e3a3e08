import type ExcelJS from 'exceljs';

/** ExcelJS, loaded when a workbook is first read or written: loading it is a large part of a start (0.3–1 s). */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
