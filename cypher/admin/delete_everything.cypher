// delete_everything: removes every node and edge of the graph (schema stays); returns nothing
// Used by the test suite's clean-graph fixture and `childindex reset`; never by the API.
// params: none
MATCH (n)
DETACH DELETE n
