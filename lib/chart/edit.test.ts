import { describe, expect, it } from 'vitest';
import { channelColumn, isCountChannel, isSingleView, markOf, specForModel, withChannel, withCount, withMark, withXSort, xSortOf } from './edit';

const spec = {
  title: 'Units by day',
  mark: { type: 'line', point: true },
  encoding: {
    x: { field: 'day', type: 'temporal', timeUnit: 'month' },
    y: { field: 'units', type: 'quantitative' },
    tooltip: [{ field: 'units' }],
  },
};

describe('chart form edits', () => {
  it('changes the mark type and keeps its properties', () => {
    expect(withMark(spec, 'area').mark).toEqual({ type: 'area', point: true });
    expect(withMark({ mark: 'bar', encoding: {} }, 'point')).toEqual({ mark: 'point', encoding: {} });
    expect(markOf(spec)).toBe('line');
  });

  it('puts a column on a channel with the type its DuckDB type implies, keeping the other channels', () => {
    const edited = withChannel(spec, 'x', { name: 'unit.price', type: 'DECIMAL(10,2)' });
    expect(edited.encoding).toEqual({
      x: { field: 'unit\\.price', type: 'quantitative' },
      y: { field: 'units', type: 'quantitative' },
      tooltip: [{ field: 'units' }],
    });
    expect(channelColumn(edited, 'x')).toBe('unit.price');
    expect(edited.title).toBe('Units by day');
  });

  it('adds and removes a color channel, and counts rows on y', () => {
    const colored = withChannel(spec, 'color', { name: 'region', type: 'VARCHAR' });
    expect(channelColumn(colored, 'color')).toBe('region');
    expect(channelColumn(withChannel(colored, 'color', null), 'color')).toBeNull();
    const counted = withCount(spec, 'y');
    expect(isCountChannel(counted, 'y')).toBe(true);
    expect(channelColumn(counted, 'y')).toBeNull();
  });

  it('keeps a spec on a new model that has its columns, else starts from that model’s default chart', () => {
    const columns = [
      { name: 'day', type: 'DATE' },
      { name: 'units', type: 'INTEGER' },
    ];
    expect(specForModel(spec, columns)).toBe(spec);
    expect(specForModel(spec, [{ name: 'region', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }])).toEqual({
      mark: 'bar',
      encoding: { x: { field: 'region', type: 'nominal' }, y: { field: 'n', type: 'quantitative' } },
    });
  });

  it('offers the form for a single view only', () => {
    expect(isSingleView(spec)).toBe(true);
    expect(isSingleView({ encoding: {}, layer: [{ mark: 'line' }] })).toBe(false);
  });

  it('sorts the x axis by data order, by x or by y, and reads the choice back', () => {
    expect(xSortOf(spec)).toBe('data');
    const byY = withXSort(spec, '-y');
    expect(byY.encoding).toMatchObject({ x: { field: 'day', sort: '-y' } });
    expect(xSortOf(byY)).toBe('-y');
    expect(withXSort(byY, 'data').encoding).toMatchObject({ x: { sort: null } });
    expect(xSortOf(withXSort(byY, 'data'))).toBe('data');
    expect(withXSort({ mark: 'bar', encoding: {} }, 'ascending')).toEqual({ mark: 'bar', encoding: {} });
  });
});
