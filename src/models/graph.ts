import { describe, ShapeError, ValueError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { formatLayerShape, type Layer, type LayerShape } from '../layers/layer.js';
import type { Node } from '../layers/node.js';
import { InputLayer } from '../layers/structural.js';
import { SymbolicTensor } from '../layers/symbolic-tensor.js';
import { castTo } from '../ops/internal.js';

/** The node a symbolic tensor came out of. */
function producer(t: SymbolicTensor): Node {
  return t.history.layer.inboundNodes[t.history.nodeIndex] as Node;
}

/**
 * The layers between a model's inputs and outputs, in an order that runs each call after the calls it depends on
 * (Keras's `Functional` graph). Built once from the nodes that layer calls on symbolic tensors recorded; `run`
 * evaluates it on real tensors.
 */
export class Graph {
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  /** The calls to make, in dependency order (inputs' nodes excluded). */
  readonly nodes: readonly Node[];
  /** Every layer once, InputLayers included, in Keras's `model.layers` order (see {@link layerOrder}). */
  readonly layers: readonly Layer[];

  /**
   * @throws {ValueError} when an input is not from `Input()`, an output is not symbolic, an input is given twice,
   *   or an output depends on a tensor that is not among the inputs ("graph disconnected").
   */
  constructor(owner: string, inputs: readonly unknown[], outputs: readonly unknown[]) {
    if (inputs.length === 0) throw new ValueError(`${owner}: \`inputs\` is empty. Expected at least one Input()`);
    if (outputs.length === 0) throw new ValueError(`${owner}: \`outputs\` is empty. Expected at least one tensor`);
    inputs.forEach((t, i) => {
      if (!(t instanceof SymbolicTensor) || !(t.history.layer instanceof InputLayer)) {
        throw new ValueError(
          `${owner}: every input must be a tensor returned by Input(). Received: inputs[${i}]=${describe(t)}`,
        );
      }
    });
    outputs.forEach((t, i) => {
      if (!(t instanceof SymbolicTensor)) {
        throw new ValueError(
          `${owner}: every output must be a symbolic tensor (a layer called on Input() tensors). ` +
            `Received: outputs[${i}]=${describe(t)}`,
        );
      }
    });
    this.inputs = inputs as SymbolicTensor[];
    this.outputs = outputs as SymbolicTensor[];
    if (new Set(this.inputs).size !== this.inputs.length) {
      throw new ValueError(`${owner}: the same Input() is listed twice in \`inputs\``);
    }
    const walk = traverse(owner, this.inputs, this.outputs);
    this.nodes = walk.postOrder.filter((n) => !(n.layer instanceof InputLayer));
    const layers = layerOrder(this.inputs, walk);
    const names = new Set<string>();
    for (const l of layers) {
      if (names.has(l.name)) {
        throw new ValueError(
          `${owner}: the name "${l.name}" is used by 2 different layers in the model. All layer names should be unique`,
        );
      }
      names.add(l.name);
    }
    this.layers = layers;
  }

  /**
   * Runs every call in order on real tensors and returns the outputs. Each input is checked against its Input's
   * shape and cast to its dtype first.
   * @throws {ValueError} for a wrong number of inputs; {ShapeError} for an input of the wrong shape.
   */
  run(owner: string, inputs: readonly Tensor[], training: boolean): Tensor[] {
    if (inputs.length !== this.inputs.length) {
      throw new ValueError(
        `Layer "${owner}" expects ${this.inputs.length} input(s), but it received ${inputs.length} input tensors`,
      );
    }
    const values = new Map<SymbolicTensor, Tensor>();
    this.inputs.forEach((symbol, i) => {
      let x = inputs[i] as Tensor;
      checkAgainst(owner, i, x.shape, symbol.shape);
      if (x.dtype !== symbol.dtype && (symbol.dtype === 'float32' || symbol.dtype === 'float64')) {
        x = castTo(x, symbol.dtype);
      }
      values.set(symbol, x);
    });
    for (const node of this.nodes) {
      const args = node.inputs.map((t) => values.get(t) as Tensor);
      const out = node.layer.applyToList(node.structure(args), { training: node.training ?? training });
      const list = Array.isArray(out) ? out : [out];
      node.outputs.forEach((symbol, i) => {
        values.set(symbol, list[i] as Tensor);
      });
    }
    return this.outputs.map((t) => values.get(t) as Tensor);
  }
}

function checkAgainst(owner: string, index: number, actual: readonly number[], expected: LayerShape): void {
  const ok = actual.length === expected.length && expected.every((d, i) => d === null || d === actual[i]);
  if (!ok) {
    throw new ShapeError(
      `Input ${index} of layer "${owner}" is incompatible with the layer: expected shape=${formatLayerShape(expected)}, ` +
        `found shape=${formatLayerShape(actual)}`,
    );
  }
}

interface Traversal {
  /** Every node the outputs depend on, inputs' nodes included, each after the nodes that feed it. */
  readonly postOrder: readonly Node[];
  /** Each layer's position in the walk's pre-order, where it is first met (Keras's `operation_indices`). */
  readonly firstSeen: ReadonlyMap<Layer, number>;
}

/**
 * A depth-first walk from the outputs back to the inputs, with an explicit stack (a deep graph would overflow a
 * recursive walk), in the order Keras's `_build_map` walks.
 */
function traverse(owner: string, inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[]): Traversal {
  const postOrder: Node[] = [];
  const firstSeen = new Map<Layer, number>();
  const done = new Set<Node>();
  const onPath = new Set<Node>();
  const stack: { node: Node; next: number }[] = [];
  const visit = (t: SymbolicTensor) => {
    const node = producer(t);
    if (done.has(node)) return;
    if (node.layer instanceof InputLayer && !inputs.includes(t)) {
      throw new ValueError(
        `${owner}: graph disconnected: cannot obtain a value for tensor ${t.name} (from Input "${node.layer.name}"), ` +
          `which is not among the model's inputs. Inputs given: ${inputs.map((i) => i.history.layer.name).join(', ')}`,
      );
    }
    if (onPath.has(node)) throw new ValueError(`${owner}: the graph has a cycle through layer "${node.layer.name}"`);
    if (!firstSeen.has(node.layer)) firstSeen.set(node.layer, firstSeen.size);
    onPath.add(node);
    stack.push({ node, next: 0 });
  };
  for (const out of outputs) {
    visit(out);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { node: Node; next: number };
      if (top.next < top.node.inputs.length) {
        visit(top.node.inputs[top.next++] as SymbolicTensor);
        continue;
      }
      stack.pop();
      onPath.delete(top.node);
      done.add(top.node);
      postOrder.push(top.node);
    }
  }
  return { postOrder, firstSeen };
}

/**
 * Keras's `model.layers` order (`map_graph`): by depth — the longest path to an output — from the inputs' side,
 * ties broken by where the walk first met the layer; an input no output depends on comes among the outputs.
 */
function layerOrder(inputs: readonly SymbolicTensor[], walk: Traversal): Layer[] {
  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<Layer, number>();
  const index = new Map(walk.firstSeen);
  for (let i = walk.postOrder.length - 1; i >= 0; i--) {
    const node = walk.postOrder[i] as Node;
    const depth = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    for (const t of node.inputs) {
      const parent = producer(t);
      nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
    }
  }
  for (const t of inputs) {
    const layer = t.history.layer;
    if (!layerDepth.has(layer)) {
      layerDepth.set(layer, 0);
      index.set(layer, -1);
    }
  }
  return [...layerDepth.keys()].sort(
    (a, b) =>
      (layerDepth.get(b) as number) - (layerDepth.get(a) as number) ||
      (index.get(a) as number) - (index.get(b) as number),
  );
}
