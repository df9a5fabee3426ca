import { describe, expect, it } from 'vitest';
import { share, videoTile } from './video-tile';

describe('the console video tile', () => {
  it("should show today's figures with unknown as — and name the sites' zones", () => {
    const tile = videoTile({
      completeness: 0.9167,
      retentionCompliance: null,
      intactRate: 1,
      onlineRate: 0.5,
      unknownChannelDays: 3,
      sites: [
        { siteId: 'a', timeZone: 'Asia/Shanghai' },
        { siteId: 'b', timeZone: 'Europe/Berlin' },
        { siteId: 'c', timeZone: 'Asia/Shanghai' },
      ],
    });
    expect(tile.cells.map((c) => c.value)).toEqual(['91.7 %', '—', '100 %', '50 %']);
    expect(tile.zones).toEqual(['Asia/Shanghai', 'Europe/Berlin']);
    expect(tile.unknown).toBe(3);
    expect(share(0)).toBe('0 %');
  });
});
