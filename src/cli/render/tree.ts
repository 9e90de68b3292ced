// Tree drawing: the branch drawn before a node and the indent its children continue with.

export interface Branch {
  /** Drawn before the node itself: `├──` or `└──` after the parent's indent. */
  prefix: string;
  /** Drawn before the node's children. */
  indent: string;
}

export function branch(parentIndent: string, isLast: boolean): Branch {
  return isLast
    ? { prefix: `${parentIndent}└──`, indent: `${parentIndent}   ` }
    : { prefix: `${parentIndent}├──`, indent: `${parentIndent}│  ` };
}

/** Calls `draw` for each child with its branch, telling which one is last. */
export function eachBranch<T>(children: T[], parentIndent: string, draw: (child: T, branch: Branch) => void): void {
  children.forEach((child, index) => draw(child, branch(parentIndent, index === children.length - 1)));
}
