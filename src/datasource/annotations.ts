import { type AnnotationEvent, type AnnotationQuery, type AnnotationSupport, type DataFrame } from '@grafana/data';
import { of } from 'rxjs';

import type { AnnotationType, PaneQuery } from './types';

/**
 * Annotations: run failures, quality check failures and freshness SLA breaches on any
 * dashboard. The collector's `annotations` frame (time, timeEnd, title, text, tags, type, …)
 * becomes AnnotationEvents, coloured by type. Pure, apart from the rxjs `of`.
 */
export const ANNOTATION_COLORS: Record<AnnotationType, string> = {
  runFailure: 'red',
  qualityFailure: 'orange',
  slaBreach: 'purple',
};

export function framesToAnnotationEvents(frames: DataFrame[]): AnnotationEvent[] {
  return frames.flatMap((frame) => {
    const column = (name: string) => frame.fields.find((f) => f.name === name)?.values;
    const [time, timeEnd, title, text, tags, type, runId, jobId, datasetId] = ['time', 'timeEnd', 'title', 'text', 'tags', 'type', 'run_id', 'job_id', 'dataset_id'].map(column);
    if (!time) {return [];}
    return Array.from({ length: frame.length }, (_, row): AnnotationEvent => {
      const start = Number(time[row]);
      const end = timeEnd?.[row] === null || timeEnd?.[row] === undefined ? start : Number(timeEnd[row]);
      const kind = type?.[row] as AnnotationType | undefined;
      return {
        id: [kind, runId?.[row] ?? jobId?.[row] ?? datasetId?.[row], start].filter(Boolean).join(':'),
        time: start,
        timeEnd: end,
        isRegion: end > start,
        title: String(title?.[row] ?? ''),
        text: String(text?.[row] ?? ''),
        tags: Array.isArray(tags?.[row]) ? (tags[row] as unknown[]).map(String) : [],
        color: kind ? ANNOTATION_COLORS[kind] : undefined,
      };
    });
  });
}

export const annotationSupport: AnnotationSupport<PaneQuery> = {
  /** Saved annotations keep their query in `target`; anything else becomes an annotations query. */
  prepareAnnotation(json: AnnotationQuery<PaneQuery>): AnnotationQuery<PaneQuery> {
    const target = (json.target ?? {}) as Partial<PaneQuery>;
    return { ...json, target: { refId: 'Anno', ...target, kind: 'annotations' } as PaneQuery };
  },
  prepareQuery(annotation: AnnotationQuery<PaneQuery>): PaneQuery | undefined {
    return annotation.target ? { ...annotation.target, kind: 'annotations' } : undefined;
  },
  processEvents(_annotation: AnnotationQuery<PaneQuery>, frames: DataFrame[]) {
    return of(framesToAnnotationEvents(frames));
  },
};
