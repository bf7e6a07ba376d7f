//! The graph Terraform will order, and the search for a cycle in it.
//!
//! Its nodes are every instance's inputs and outputs; its edges go from `instance.input` to
//! `other.output` for each reference, and from `instance.output` to `instance.input` for each
//! input the output depends on. The second kind are the same for every instance of a blueprint
//! (a stack of 20,000 services has millions of them), so they are read from the blueprint's
//! [`Ports`] rather than stored: only references are edges in memory, and nodes are indices.
//!
//! Nodes are numbered in the order of their text (`input api.name` before `output api.arn`,
//! instances by name, ports by name), and the search visits them and their successors in that
//! order, so the cycle reported is the same whatever the order of the stack file.

use paved_blueprint::Definition;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// Whether a node is an input or an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    Input,
    Output,
}

/// One node of the graph: an instance's input or output.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node<'n> {
    pub(crate) kind: NodeKind,
    pub(crate) instance: &'n str,
    pub(crate) port: &'n str,
}

impl fmt::Display for Node<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            NodeKind::Input => "input",
            NodeKind::Output => "output",
        };
        write!(formatter, "{kind} {}.{}", self.instance, self.port)
    }
}

/// What each output of a blueprint depends on: an output → input dependency for each
/// instance of it.
pub(crate) type Dependencies = BTreeMap<&'static str, BTreeSet<String>>;

/// The inputs and outputs of one blueprint, each sorted by name, with the dependencies between
/// them as positions.
struct Ports<'n> {
    inputs: Vec<&'n str>,
    outputs: Vec<&'n str>,
    /// For each output, the positions in `inputs` of the inputs it depends on, ascending.
    depends_on: Vec<Vec<usize>>,
}

impl<'n> Ports<'n> {
    fn new(definition: &'n Definition, dependencies: Option<&'n Dependencies>) -> Self {
        let mut inputs: Vec<&str> = definition.inputs.iter().map(|field| field.name.as_str()).collect();
        let mut outputs: Vec<&str> = definition.outputs.iter().map(|output| output.name).collect();
        for (output, depended) in dependencies.into_iter().flatten() {
            outputs.push(output);
            inputs.extend(depended.iter().map(String::as_str));
        }
        for names in [&mut inputs, &mut outputs] {
            names.sort_unstable();
            names.dedup();
        }
        let mut depends_on = vec![Vec::new(); outputs.len()];
        for (output, depended) in dependencies.into_iter().flatten() {
            if let Ok(at) = outputs.binary_search(output) {
                // A `BTreeSet` iterates in the order `inputs` is sorted in: the positions ascend.
                depends_on[at] =
                    depended.iter().filter_map(|input| inputs.binary_search(&input.as_str()).ok()).collect();
            }
        }
        Self { inputs, outputs, depends_on }
    }
}

/// An instance in the graph: its name, its blueprint's ports, and its first input and first
/// output node.
struct Placed<'n> {
    name: &'n str,
    ports: usize,
    first_input: usize,
    first_output: usize,
}

/// The reference graph of a stack's instances.
pub(crate) struct ReferenceGraph<'n> {
    ports: Vec<Ports<'n>>,
    /// The instances by name.
    instances: Vec<Placed<'n>>,
    position_of: HashMap<&'n str, usize>,
    /// The number of input nodes; output nodes come after them.
    inputs: usize,
    nodes: usize,
    /// `(input node, output node)` for each reference.
    references: Vec<(usize, usize)>,
}

impl<'n> ReferenceGraph<'n> {
    /// The graph of `instances` (each name once, with its blueprint), whose blueprints' outputs
    /// depend on their inputs as `dependencies` (by blueprint name) says; no references yet.
    pub(crate) fn new(
        instances: impl IntoIterator<Item = (&'n str, &'n Definition)>,
        dependencies: &'n BTreeMap<&str, Dependencies>,
    ) -> Self {
        let mut ports = Vec::new();
        let mut ports_of: HashMap<&str, usize> = HashMap::new();
        let mut named: Vec<(&'n str, usize)> = instances
            .into_iter()
            .map(|(name, definition)| {
                let index = *ports_of.entry(definition.name.as_str()).or_insert_with(|| {
                    ports.push(Ports::new(definition, dependencies.get(definition.name.as_str())));
                    ports.len() - 1
                });
                (name, index)
            })
            .collect();
        // Instance names have no `.`, which sorts before every character they may hold, so
        // ordering by instance and then by port is ordering by the nodes' text.
        named.sort_unstable();
        let mut placed = Vec::with_capacity(named.len());
        let mut next = 0;
        for &(name, index) in &named {
            placed.push(Placed { name, ports: index, first_input: next, first_output: 0 });
            next += ports[index].inputs.len();
        }
        let inputs = next;
        for instance in &mut placed {
            instance.first_output = next;
            next += ports[instance.ports].outputs.len();
        }
        let position_of = placed.iter().enumerate().map(|(position, instance)| (instance.name, position)).collect();
        Self { ports, instances: placed, position_of, inputs, nodes: next, references: Vec::new() }
    }

    fn input_node(&self, instance: &str, input: &str) -> Option<usize> {
        let placed = &self.instances[*self.position_of.get(instance)?];
        let at = self.ports[placed.ports].inputs.binary_search(&input).ok()?;
        Some(placed.first_input + at)
    }

    fn output_node(&self, instance: &str, output: &str) -> Option<usize> {
        let placed = &self.instances[*self.position_of.get(instance)?];
        let at = self.ports[placed.ports].outputs.binary_search(&output).ok()?;
        Some(placed.first_output + at)
    }

    /// Adds the reference of `instance.input` to `target.output` (both instances in the graph).
    pub(crate) fn add_reference(&mut self, instance: &str, input: &str, target: &str, output: &str) {
        if let (Some(from), Some(to)) = (self.input_node(instance, input), self.output_node(target, output)) {
            self.references.push((from, to));
        }
    }

    /// The instance holding `node`, and the node's position among its inputs or outputs.
    fn place(&self, node: usize) -> (&Placed<'n>, usize) {
        let first =
            |instance: &Placed<'_>| if node < self.inputs { instance.first_input } else { instance.first_output };
        let holder = self.instances.partition_point(|instance| first(instance) <= node) - 1;
        let instance = &self.instances[holder];
        (instance, node - first(instance))
    }

    fn node(&self, node: usize) -> Node<'n> {
        let (instance, at) = self.place(node);
        let ports = &self.ports[instance.ports];
        match node < self.inputs {
            true => Node { kind: NodeKind::Input, instance: instance.name, port: ports.inputs[at] },
            false => Node { kind: NodeKind::Output, instance: instance.name, port: ports.outputs[at] },
        }
    }

    /// The `nth` successor of `node`, in order.
    fn successor(&self, node: usize, nth: usize) -> Option<usize> {
        if node < self.inputs {
            let start = self.references.partition_point(|(from, _)| *from < node);
            self.references.get(start + nth).filter(|(from, _)| *from == node).map(|(_, to)| *to)
        } else {
            let (instance, at) = self.place(node);
            self.ports[instance.ports].depends_on[at].get(nth).map(|input| instance.first_input + input)
        }
    }

    /// The first cycle, found depth first from each node in turn and each node's successors in
    /// order, as a closed path.
    pub(crate) fn find_cycle(mut self) -> Option<Vec<Node<'n>>> {
        self.references.sort_unstable();
        self.references.dedup();
        let cycle = first_cycle(self.nodes, |node, nth| self.successor(node, nth))?;
        Some(cycle.into_iter().map(|node| self.node(node)).collect())
    }
}

/// The first cycle of the graph of `nodes` nodes whose `successor(node, n)` is the `n`th
/// successor of `node`, as a closed path of nodes.
fn first_cycle(nodes: usize, successor: impl Fn(usize, usize) -> Option<usize>) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; nodes];
    // The path from the start, each node with how many of its successors were followed.
    let mut path: Vec<(usize, usize)> = Vec::new();
    for start in 0..nodes {
        if state[start] != State::New {
            continue;
        }
        state[start] = State::OnPath;
        path.push((start, 0));
        while let Some((node, followed)) = path.last_mut() {
            let node = *node;
            let Some(next) = successor(node, *followed) else {
                state[node] = State::Done;
                path.pop();
                continue;
            };
            *followed += 1;
            match state[next] {
                State::OnPath => {
                    let from = path.iter().position(|(visited, _)| *visited == next).unwrap_or_default();
                    let mut cycle: Vec<usize> = path[from..].iter().map(|(visited, _)| *visited).collect();
                    cycle.push(next);
                    return Some(cycle);
                }
                State::New => {
                    state[next] = State::OnPath;
                    path.push((next, 0));
                }
                State::Done => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::first_cycle;

    fn cycle_of(edges: &[&[usize]]) -> Option<Vec<usize>> {
        first_cycle(edges.len(), |node, nth| edges[node].get(nth).copied())
    }

    #[test]
    fn finds_the_first_cycle_as_a_closed_path() {
        assert_eq!(cycle_of(&[&[1], &[2], &[]]), None);
        assert_eq!(cycle_of(&[&[1], &[2], &[1]]), Some(vec![1, 2, 1]));
        // From node 0, successor 1 leads to a cycle before successor 2 does.
        assert_eq!(cycle_of(&[&[1, 2], &[0], &[2]]), Some(vec![0, 1, 0]));
        assert_eq!(cycle_of(&[&[], &[1]]), Some(vec![1, 1]));
    }
}
