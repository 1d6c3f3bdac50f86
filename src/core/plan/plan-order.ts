/** A node with the keys it depends on (must come first). */
export interface OrderNode {
  readonly key: string;
  readonly deps: readonly string[];
}

/** Pure: every cycle found (each as its keys in order), via iterative DFS. */
export function findCycles(nodes: ReadonlyMap<string, OrderNode>): string[][] {
  // No node depends on another (no references: the common case): no cycle, and no sort of every key to find none.
  if (![...nodes.values()].some((n) => n.deps.length > 0)) return [];
  const state = new Map<string, 1 | 2>();
  const cycles: string[][] = [];
  for (const start of [...nodes.keys()].sort()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const stack: Array<{ key: string; next: number }> = [{ key: start, next: 0 }];
    state.set(start, 1);
    path.push(start);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const deps = nodes.get(top.key)?.deps ?? [];
      if (top.next < deps.length) {
        const dep = deps[top.next++]!;
        if (!nodes.has(dep)) continue;
        const s = state.get(dep);
        if (s === 1) cycles.push([...path.slice(path.indexOf(dep)), dep]);
        else if (s === undefined) {
          state.set(dep, 1);
          path.push(dep);
          stack.push({ key: dep, next: 0 });
        }
      } else {
        state.set(top.key, 2);
        path.pop();
        stack.pop();
      }
    }
  }
  return cycles;
}

/** Pure: keys ordered so that every node comes after its deps; ties broken by `compare`. Assumes no cycles. */
export function topologicalOrder(nodes: ReadonlyMap<string, OrderNode>, compare: (a: string, b: string) => number): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  for (const start of [...nodes.keys()].sort(compare)) {
    if (done.has(start)) continue;
    const stack: Array<{ key: string; next: number; deps: string[] }> = [{ key: start, next: 0, deps: [...(nodes.get(start)?.deps ?? [])].sort(compare) }];
    done.add(start);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.deps.length) {
        const dep = top.deps[top.next++]!;
        if (!nodes.has(dep) || done.has(dep)) continue;
        done.add(dep);
        stack.push({ key: dep, next: 0, deps: [...(nodes.get(dep)?.deps ?? [])].sort(compare) });
      } else {
        order.push(top.key);
        stack.pop();
      }
    }
  }
  return order;
}

/** Groups in a cycle become one unit: Tarjan's strongly connected components, dependencies first. */
export function stronglyConnected(nodes: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  for (const root of nodes.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ key: string; next: number }> = [{ key: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1]!;
      const deps = nodes.get(top.key) ?? [];
      if (top.next < deps.length) {
        const dep = deps[top.next++]!;
        if (!nodes.has(dep)) continue;
        if (!index.has(dep)) {
          index.set(dep, counter);
          low.set(dep, counter++);
          stack.push(dep);
          onStack.add(dep);
          work.push({ key: dep, next: 0 });
        } else if (onStack.has(dep)) low.set(top.key, Math.min(low.get(top.key)!, index.get(dep)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.key, Math.min(low.get(parent.key)!, low.get(top.key)!));
      if (low.get(top.key) === index.get(top.key)) {
        const component: string[] = [];
        let k: string;
        do {
          k = stack.pop()!;
          onStack.delete(k);
          component.push(k);
        } while (k !== top.key);
        result.push(component);
      }
    }
  }
  return result;
}
