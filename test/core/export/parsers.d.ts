/** Types for the independent parsers the export tests read outputs back with (they ship none). */

declare module 'webvtt-parser' {
  export interface VttCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
    tree: { children: Array<{ type: string; value?: string }> };
  }
  export class WebVTTParser {
    constructor(entities?: Record<string, string>);
    parse(
      input: string,
      mode?: 'metadata' | 'chapters',
    ): { cues: VttCue[]; errors: Array<{ message: string; line: number }> };
  }
}

declare module 'webvtt-parser/html-entities.json' {
  const entities: Record<string, string>;
  export default entities;
}

declare module 'smpte-timecode' {
  interface Timecode {
    frameCount: number;
    dropFrame: boolean;
    toString(): string;
  }
  function Timecode(
    timecode: number | string,
    frameRate?: number | [number, number],
    dropFrame?: boolean,
  ): Timecode;
  export default Timecode;
}
