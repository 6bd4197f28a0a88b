import type { Node } from '../layers/node.js';
import type { SymbolicTensor } from '../layers/symbolic-tensor.js';

/** The node a symbolic tensor came out of. */
export function producerOf(t: SymbolicTensor): Node {
  return t.history.layer.inboundNodes[t.history.nodeIndex] as Node;
}

/**
 * The calls a functional model is made of (Keras's `model._nodes`), Input nodes included, each after the nodes
 * that feed it: walked from the outputs back to the inputs. A layer shared with another model has nodes that are
 * not the model's own; model files and `summary()` skip those.
 */
export function modelNodes(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[]): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  const sources = new Set(inputs);
  // An explicit stack: a deep graph would overflow a recursive walk.
  const stack: { node: Node; next: number }[] = [];
  const visit = (t: SymbolicTensor) => {
    const node = producerOf(t);
    if (seen.has(node)) return;
    seen.add(node);
    stack.push({ node, next: sources.has(t) ? node.inputs.length : 0 });
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
      order.push(top.node);
    }
  }
  return order;
}

/**
 * Each node's depth as Keras's `map_graph` counts it: 0 for the nodes producing outputs, one more than the
 * deepest node it feeds, and at least the depth of another call of the same layer already seen.
 * @param nodes in dependency order ({@link modelNodes}).
 */
export function nodeDepths(nodes: readonly Node[]): Map<Node, number> {
  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<Node['layer'], number>();
  const own = new Set(nodes);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i] as Node;
    const depth = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    for (const t of node.inputs) {
      const parent = producerOf(t);
      if (own.has(parent)) nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
    }
  }
  return nodeDepth;
}
