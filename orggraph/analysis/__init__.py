"""Coordination analysis: pure functions from the task graph to tables.

Every function takes the graph built by :func:`orggraph.build_graph` (or the coordination
graph derived from it) first, options as keywords, never changes its input and gives the
same answer for the same input (random steps are seeded).

- :mod:`~orggraph.analysis.coordination`: the unit coordination graph and partners.
- :mod:`~orggraph.analysis.projection`: the unit projection as sparse matrix products.
- :mod:`~orggraph.analysis.communities`: coordination clusters (Leiden), their stability and significance.
- :mod:`~orggraph.analysis.workload`: burden scores, overloaded units, placeholders.
- :mod:`~orggraph.analysis.dependencies`: leader×leader dependencies and broker units.
"""

from orggraph.analysis.communities import (
    VERDICTS,
    Cluster,
    ClusterSignificance,
    adjusted_rand_index,
    cluster_membership,
    cluster_significance,
    coordination_clusters,
    explain_clusters,
    null_modularities,
    partition_stability,
)
from orggraph.analysis.coordination import (
    COLLECTIVE_MODES,
    ROLE_PAIRS,
    WEIGHTINGS,
    CoordinationLinks,
    coordination_links,
    coordination_pairs,
    sorted_tasks,
    task_order,
    task_participants,
    unit_coordination_graph,
    unit_partners,
    without_collectives,
)
from orggraph.analysis.dependencies import (
    Betweenness,
    broker_units,
    cross_leader_unit_pairs,
    leader_labels,
    leader_matrices,
    leader_matrix,
    leader_pairs,
    multi_leader_tasks,
    multi_leader_units,
    principal_leaders,
    unit_betweenness,
)
from orggraph.analysis.workload import (
    BURDEN_WEIGHTS,
    OVERLOAD_THRESHOLD,
    collective_units,
    overload_cutoff,
    robust_z_scores,
    unit_burden,
)

__all__ = [
    "WEIGHTINGS",
    "COLLECTIVE_MODES",
    "ROLE_PAIRS",
    "BURDEN_WEIGHTS",
    "OVERLOAD_THRESHOLD",
    "VERDICTS",
    "Cluster",
    "ClusterSignificance",
    "task_participants",
    "without_collectives",
    "unit_coordination_graph",
    "CoordinationLinks",
    "coordination_links",
    "unit_partners",
    "coordination_pairs",
    "sorted_tasks",
    "task_order",
    "coordination_clusters",
    "cluster_membership",
    "explain_clusters",
    "adjusted_rand_index",
    "partition_stability",
    "cluster_significance",
    "null_modularities",
    "unit_burden",
    "robust_z_scores",
    "overload_cutoff",
    "collective_units",
    "leader_labels",
    "leader_pairs",
    "leader_matrix",
    "leader_matrices",
    "multi_leader_tasks",
    "multi_leader_units",
    "principal_leaders",
    "cross_leader_unit_pairs",
    "broker_units",
    "Betweenness",
    "unit_betweenness",
]
