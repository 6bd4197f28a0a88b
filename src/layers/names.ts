const counts = new Map<string, number>();

/** Keras-style unique names: the first Dense is 'dense', then 'dense_1', 'dense_2', … */
export function uniqueLayerName(className: string): string {
  const prefix = className
    // Keras's to_snake_case: a digit joins the capital after it (Conv2D → conv2d, MaxPooling2D → max_pooling2d).
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
  const n = counts.get(prefix) ?? 0;
  counts.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}
