import type { VideoChannel, VideoDayRow } from '@vigil/domain';

/** The stored video evidence ([14]): day rows per channel, merged on write so that no writer lowers a figure. */
export abstract class VideoEvidenceRepository {
  /** Upserts the rows, each merged with what is stored (first report MIN, last MAX, recorded MAX, retention MIN, VQD failures OR, VQD count added). */
  abstract upsert(rows: VideoDayRow[]): Promise<void>;
  /** The rows of these sites from one local day to another, both inclusive. */
  abstract rowsOf(siteIds: string[], fromDay: string, toDay: string): Promise<VideoDayRow[]>;
  /** Every channel of these sites ever reported, with the first local day it was. */
  abstract channelsOf(siteIds: string[]): Promise<VideoChannel[]>;
  /** The rows of each device's latest reported day (one per channel). */
  abstract latestOfDevices(deviceIds: string[]): Promise<VideoDayRow[]>;
}
