/**
 * The report's charts as Vega-Lite specs, one file per chart under charts/, each with the function
 * that builds its data rows (tested on their own). Data arrives summarized where the raw arrays would
 * be large: weights are binned before Vega sees them, and dense boundary grids are resampled.
 */
export {
  BOUNDARY_LIMITS,
  type BoundaryRow,
  boundaryRows,
  decisionBoundarySpec,
  type PlanePoints,
} from './charts/boundary.js';
export {
  type CurveSeries,
  DESCENT_FRACTION,
  type LossCurveRow,
  lossCurveRows,
  lossCurvesSpec,
  lossDomain,
} from './charts/loss-curves.js';
export {
  SWEEP_SERIES,
  type SweepParameter,
  type SweepPoint,
  type SweepRow,
  sweepParameter,
  sweepRows,
  sweepSpec,
} from './charts/sweep.js';
export {
  type WeightBinRow,
  type WeightedVariant,
  type WeightHistogram,
  weightHistogram,
  weightHistogramSpec,
} from './charts/weights.js';
