const counts = new Map<string, number>();

/**
 * Keras-style unique names: the first Dense is 'dense', then 'dense_1', 'dense_2', … The prefix is Keras's
 * `to_snake_case` (a digit joins the next capital: UpSampling2D → 'up_sampling2d', not 'up_sampling2_d').
 */
export function uniqueLayerName(className: string): string {
  const prefix = className
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  const n = counts.get(prefix) ?? 0;
  counts.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}
