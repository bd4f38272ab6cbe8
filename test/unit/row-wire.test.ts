import { inspectFile } from '../../imports/detect';
import { checkedBatches, type RowBatch } from '../../imports/row-source';
import { packBatch, unpackBatch } from '../../imports/row-wire';
import { csv, HEADER, writeCsv } from '../helpers';

async function batchesOf(text: string): Promise<RowBatch[]> {
  const file = writeCsv(text);
  const out: RowBatch[] = [];
  for await (const batch of checkedBatches(file, await inspectFile(file))) out.push(batch);
  return out;
}

const ROWS = [
  ['1.001612', 'Đăng ký khai sinh', 'Sở Tư pháp', 'Mức độ 4', 'Hộ tịch', 'Cấp tỉnh, Cấp xã', 'Có', ''],
  ['T-BPC-280421', 'Mã cũ: một cảnh báo', 'Sở Tư pháp', '2', '', '', 'Không rõ', 'Bãi bỏ'],
  ['', 'Thiếu mã', 'UBND xã Bình Châu', 'mức 9', '', 'Cấp thôn', 'có lẽ', ''],
  ['1.001612.000.00.53.H48', 'Mã địa phương\nhai dòng', 'UBND huyện Bình Sơn', 'Toàn trình', '', '', 'x', 'Còn hiệu lực'],
];

describe('packing a batch for the trip between threads', () => {
  it.each([
    ['every column', csv([HEADER, ...ROWS])],
    ['only the required columns', csv([HEADER.slice(0, 4), ...ROWS.map((r) => r.slice(0, 4))])],
    ['a header with problems', csv([HEADER.slice(1), ...ROWS.map((r) => r.slice(1))])],
  ])('gives back the same batch: %s', async (_name, text) => {
    for (const batch of await batchesOf(text)) {
      const trip = unpackBatch(structuredClone(packBatch(batch)));
      expect(trip).toEqual(batch);
      // toEqual treats a missing key as undefined: the keys must be there too.
      trip.rows.forEach((r, i) => expect(Object.keys(r.row ?? {})).toEqual(Object.keys(batch.rows[i].row ?? {})));
    }
  });

  it('sends the rows without problems as values, one per field', async () => {
    const batch: RowBatch = { rows: (await batchesOf(csv([HEADER, ...ROWS]))).flatMap((b) => b.rows), bytesRead: 0 };
    const clean = batch.rows.filter((r) => r.row && r.errors.length === 0 && r.warnings.length === 0);
    expect(clean).toHaveLength(2);
    const packed = packBatch(batch);
    expect(packed.values).toHaveLength(clean.length * Object.keys(clean[0].row!).length);
    expect(packed.others).toHaveLength(2 * (batch.rows.length - clean.length));
  });
});
