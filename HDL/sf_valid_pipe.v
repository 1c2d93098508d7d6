`timescale 1ns / 1ps
`default_nettype none
// sf_valid_pipe: the valid bit of a pipeline, DEPTH registers deep, cleared by a synchronous reset.
module sf_valid_pipe #(
    parameter integer DEPTH = 1
) (
    input  wire clk,
    input  wire rst,
    input  wire din,
    output wire dout
);
    reg [DEPTH-1:0] stages;
    generate
        if (DEPTH == 1) begin : g_one
            always @(posedge clk) begin
                if (rst) stages <= 1'b0;
                else stages <= din;
            end
        end else begin : g_many
            always @(posedge clk) begin
                if (rst) stages <= {DEPTH{1'b0}};
                else stages <= {stages[DEPTH-2:0], din};
            end
        end
    endgenerate
    assign dout = stages[DEPTH-1];
endmodule

`default_nettype wire
