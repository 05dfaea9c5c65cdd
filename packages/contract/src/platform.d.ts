// Globals every runtime of the contract has (browsers, Node >= 18), without taking in the
// DOM's or Node's whole type library.
declare function btoa(data: string): string;
declare function atob(data: string): string;
