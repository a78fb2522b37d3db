import { chartBars, Row } from './bench-table';

const row = (over: Partial<Row>): Row => ({
  figure: 'f',
  value: 1,
  unit: '',
  target: '-',
  met: true,
  ...over,
});

describe('the bench chart', () => {
  it('draws rates against their references and costs against their targets or budget', () => {
    const { rates, costs } = chartBars([
      row({
        figure: 'Sale: confirmed/s (median of 3: 1-2/s)',
        unit: '/s',
        ratio: 0.07,
        atLeast: 0.5,
        met: false,
      }),
      row({
        figure: 'Sale: CPU per booking (harness: 1.5 ms)',
        unit: 'ms',
        value: 18.4,
        ratio: 6.3,
        met: false,
      }),
      row({ figure: 'Queue: joins p99', unit: 'ms', value: 807, target: '<= 50 ms', met: false }),
      row({ figure: 'Sale: oversold', unit: '', value: 0, target: '0' }),
      row({ figure: 'Webhook lag p50', unit: 'ms', value: 86, target: '(report)' }),
    ]);
    expect(rates).toEqual([{ label: 'Sale: confirmed/s', ratio: 0.07, mark: 0.5, met: false }]);
    expect(costs).toEqual([
      { label: 'Sale: CPU per booking', ratio: 6.3, mark: 1, met: false },
      { label: 'Queue: joins p99', ratio: 807 / 50, mark: 1, met: false },
    ]);
  });
});
